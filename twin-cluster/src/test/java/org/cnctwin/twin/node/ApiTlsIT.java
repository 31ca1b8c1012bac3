package org.cnctwin.twin.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.cnctwin.machine.publish.PemTls;
import org.cnctwin.machine.publish.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API served over HTTPS when HTTP_TLS_CERT and HTTP_TLS_KEY are set: a real TLS handshake
 * from Java's HTTP client, against certificates of a throw-away CA.
 */
class ApiTlsIT {

    @TempDir
    Path folder;

    private ActorSystem<Void> system;

    @AfterEach
    void stop() {
        if (system != null) {
            system.terminate();
        }
    }

    private ServerBinding bind(Config http) throws Exception {
        Config config = http.withFallback(ConfigFactory.parseString("pekko.actor.provider = local")).withFallback(ConfigFactory.load());
        system = ActorSystem.create(Behaviors.empty(), "api-tls-it", config);
        return TwinNode.bindApi(system, config, 0, Directives.complete("served")).toCompletableFuture().get();
    }

    @Test
    void servesHttpsWithTheConfiguredCertificateAndRefusesPlainHttp() throws Exception {
        TestPki pki = new TestPki(folder);
        pki.issue("twin-api", true);
        Map<String, String> environment = Map.of("HTTP_TLS_CERT", folder.resolve("twin-api.crt").toString(),
                "HTTP_TLS_KEY", folder.resolve("twin-api.key").toString());
        ServerBinding binding = bind(ConfigFactory.parseMap(Map.of("cnc-twin.http.tls-cert", environment.get("HTTP_TLS_CERT"),
                "cnc-twin.http.tls-key", environment.get("HTTP_TLS_KEY"))));
        int port = binding.localAddress().getPort();

        HttpClient trusting = HttpClient.newBuilder().sslContext(PemTls.clientContext(pki.caFile(), null, null)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("served");
        assertThat(response.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));

        HttpClient other = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(); // trusts only the JDK's CAs
        assertThatThrownBy(() -> other.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> trusting.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void servesPlainHttpWithoutACertificate() throws Exception {
        ServerBinding binding = bind(ConfigFactory.empty());
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("served");
    }

    @Test
    void theSettingsNameACertificateWithoutItsKey() {
        assertThatThrownBy(() -> NodeSettings.checked(ConfigFactory.parseMap(Map.of("cnc-twin.http.tls-cert", folder.toString()))
                .withFallback(ConfigFactory.load()), Map.of("CLUSTER_BOOTSTRAP_ENDPOINTS", "127.0.0.1:8558")))
                .hasMessageContaining("HTTP_TLS_CERT and HTTP_TLS_KEY: HTTPS needs both the certificate and its key");
    }
}
