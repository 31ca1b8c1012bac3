package org.cnctwin.twin.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** What a node reads when nothing overrides it: our settings, not the libraries' defaults for the same keys. */
class ConfigurationTest {

    final Config config = ConfigFactory.load();

    @Test
    void healthChecksAndManagementAreOurs() {
        assertThat(config.getInt("pekko.management.http.port")).isEqualTo(8558);
        assertThat(config.getString("pekko.management.http.hostname")).isEqualTo("127.0.0.1");
        assertThat(config.getConfig("pekko.management.health-checks.readiness-checks").root().keySet())
                .containsExactlyInAnyOrder("cluster-membership", "sharding", "journal", "ingest");
        assertThat(config.getStringList("pekko.cluster.sharding.healthcheck.names")).containsExactly("MachineTwin");
    }

    @Test
    void theApiIsClosedUnlessSaidOtherwise() {
        assertThat(config.getString("cnc-twin.http.auth.mode")).isEqualTo("tokens");
        assertThat(config.getString("cnc-twin.http.interface")).isEqualTo("127.0.0.1");
    }
}
