package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three authentication modes. JWTs are checked against a JWKS served over HTTP on
 * 127.0.0.1 by the test, as an identity provider (Cognito, Keycloak, Entra ID) would serve it.
 */
class ApiAuthTest {

    static final String ISSUER = "https://id.example.test/realms/factory";
    static RSAKey issuerKey;
    static HttpServer jwksServer;
    static ApiAuth jwt;

    @BeforeAll
    static void startIssuer() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("factory-1").generate();
        byte[] jwks = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        jwt = new ApiAuth.Jwt(ISSUER, "cnc-twin", URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks"), "roles");
    }

    @AfterAll
    static void stopIssuer() {
        jwksServer.stop(0);
    }

    static String token(RSAKey key, String issuer, String audience, Object roles, Instant expires) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("maria").issuer(issuer).audience(audience).expirationTime(Date.from(expires));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        signed.sign(new RSASSASigner(key));
        return signed.serialize();
    }

    static Instant inAnHour() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    @Test
    void aTokenOfTheIssuerCarriesItsRole() throws Exception {
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, ISSUER, "cnc-twin", java.util.List.of("reader"), inAnHour()))))
                .hasValue(ApiAuth.Role.READER);
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, ISSUER, "cnc-twin", java.util.List.of("reader", "operator"), inAnHour()))))
                .hasValue(ApiAuth.Role.OPERATOR);
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, ISSUER, "cnc-twin", "operator reader", inAnHour())))).as("scope style")
                .hasValue(ApiAuth.Role.OPERATOR);
    }

    @Test
    void anyOtherTokenIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("factory-1").generate();
        assertThat(jwt.roleOf(Optional.empty())).isEmpty();
        assertThat(jwt.roleOf(Optional.of("not-a-jwt"))).isEmpty();
        assertThat(jwt.roleOf(Optional.of(token(stranger, ISSUER, "cnc-twin", "operator", inAnHour())))).as("signed by another key").isEmpty();
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, "https://evil.test", "cnc-twin", "operator", inAnHour())))).as("other issuer").isEmpty();
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, ISSUER, "billing", "operator", inAnHour())))).as("other audience").isEmpty();
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, ISSUER, "cnc-twin", "operator", Instant.now().minus(Duration.ofHours(1))))))
                .as("expired").isEmpty();
        assertThat(jwt.roleOf(Optional.of(token(issuerKey, ISSUER, "cnc-twin", null, inAnHour())))).as("no role").isEmpty();
    }

    @Test
    void staticTokensAndTheirMistakesComeFromConfiguration() {
        ApiAuth tokens = ApiAuth.fromConfig(ConfigFactory.parseString("""
                mode = tokens, reader-tokens = "r1, r2", operator-tokens = "o1"
                """));
        assertThat(tokens.roleOf(Optional.of("r2"))).hasValue(ApiAuth.Role.READER);
        assertThat(tokens.roleOf(Optional.of("o1"))).hasValue(ApiAuth.Role.OPERATOR);
        assertThat(tokens.roleOf(Optional.of("x"))).isEmpty();
        assertThat(ApiAuth.fromConfig(ConfigFactory.parseString("mode = open")).roleOf(Optional.empty())).hasValue(ApiAuth.Role.OPERATOR);
        assertThatThrownBy(() -> ApiAuth.fromConfig(ConfigFactory.parseString("mode = tokens, reader-tokens = \"\", operator-tokens = \"\"")))
                .hasMessageContaining("API_READER_TOKENS");
        assertThatThrownBy(() -> ApiAuth.fromConfig(ConfigFactory.parseString("mode = ldap")))
                .hasMessage("cnc-twin.http.auth.mode: expected open, tokens or jwt, was \"ldap\"");
    }
}
