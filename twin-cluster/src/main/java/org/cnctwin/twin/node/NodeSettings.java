package org.cnctwin.twin.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.cnctwin.twin.http.TwinRoutes;

/**
 * What a deployment tells a node, and the check that it makes sense before anything starts. Every
 * setting has an environment variable (docs/configuration.md lists them); most reach the
 * configuration through {@code ${?VAR}} in application.conf, and the few that are lists or switch a
 * block on are turned into configuration here ({@link #fromEnvironment}). A bad or missing value is
 * reported with the variable, the configuration key and what was expected, all problems at once.
 */
public final class NodeSettings {

    /** The settings a node was refused with. */
    public static final class InvalidSettingsException extends RuntimeException {
        private final List<String> problems;

        InvalidSettingsException(List<String> problems) {
            super("the node's settings are not valid:\n  " + String.join("\n  ", problems), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** One setting: its environment variable, the configuration key it sets, and what it must be (null when it may be anything). */
    record Setting(String env, String key, Check check) {}

    /** Says what is wrong with the value at {@code key}, or null. */
    interface Check {
        String problem(Config config, String key);
    }

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CQL_IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HOST_PORT = Pattern.compile("([^:\\s,]+):(\\d{1,5})");

    static final String SERVICE_NAME_KEY = "pekko.management.cluster.bootstrap.contact-point-discovery.service-name";
    static final String DISCOVERY_KEY = "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method";
    static final String CONTACT_POINTS_KEY = "datastax-java-driver.basic.contact-points";

    /** Every deployment setting of a node, in the order docs/configuration.md lists them. */
    static final List<Setting> SETTINGS = List.of(
            new Setting("PEKKO_HOSTNAME", "pekko.remote.artery.canonical.hostname", nonEmpty("the address other nodes reach this one at")),
            new Setting("PEKKO_PORT", "pekko.remote.artery.canonical.port", port(true)),
            new Setting("PEKKO_LOG_LEVEL", "pekko.loglevel", oneOf("OFF", "ERROR", "WARNING", "INFO", "DEBUG")),
            new Setting("CLUSTER_DISCOVERY", DISCOVERY_KEY, oneOf("config", "kubernetes-api")),
            new Setting("CLUSTER_SERVICE_NAME", SERVICE_NAME_KEY, matching(DNS_LABEL, "a DNS label such as cnc-twin")),
            new Setting("CLUSTER_REQUIRED_CONTACT_POINTS", "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
                    atLeast(1)),
            new Setting("CLUSTER_BOOTSTRAP_ENDPOINTS", "pekko.discovery.config.services", null), // checked with the discovery method
            new Setting("KUBERNETES_POD_LABEL_SELECTOR", "pekko.discovery.kubernetes-api.pod-label-selector", nonEmpty("a label selector such as app=%s")),
            new Setting("SBR_STRATEGY", "pekko.cluster.split-brain-resolver.active-strategy", oneOf("keep-majority", "lease-majority")),
            new Setting("SBR_STABLE_AFTER", "pekko.cluster.split-brain-resolver.stable-after", positiveDuration()),
            new Setting("SBR_DOWN_REMOVAL_MARGIN", "pekko.cluster.down-removal-margin", offOr(positiveDuration())),
            new Setting("TWIN_PASSIVATE_AFTER", "pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout", positiveDuration()),
            new Setting("TWIN_WARM_UP_BATCHES", "cnc-twin.twin.warm-up-batches", atLeast(0)),
            new Setting("READ_SIDE_REPORT_EVERY", "cnc-twin.read-side.report-every", positiveDuration()),
            new Setting("CASSANDRA_CONTACT_POINTS", CONTACT_POINTS_KEY, null), // a list: read by fromEnvironment
            new Setting("CASSANDRA_DATACENTER", "datastax-java-driver.basic.load-balancing-policy.local-datacenter", nonEmpty("the driver's local datacenter")),
            new Setting("CASSANDRA_CONSISTENCY", "datastax-java-driver.profiles.pekko-persistence-cassandra-profile.basic.request.consistency",
                    oneOf("QUORUM", "LOCAL_QUORUM")),
            new Setting("CASSANDRA_KEYSPACE", "pekko.persistence.cassandra.journal.keyspace", matching(CQL_IDENTIFIER, "a CQL keyspace name")),
            new Setting("CASSANDRA_SNAPSHOT_KEYSPACE", "pekko.persistence.cassandra.snapshot.keyspace", matching(CQL_IDENTIFIER, "a CQL keyspace name")),
            new Setting("CASSANDRA_SCHEMA_AUTOCREATE", "pekko.persistence.cassandra.journal.tables-autocreate", bool()),
            new Setting("CASSANDRA_USERNAME", "datastax-java-driver.advanced.auth-provider.username", null),
            new Setting("CASSANDRA_PASSWORD", "datastax-java-driver.advanced.auth-provider.password", null),
            new Setting("CASSANDRA_TLS", "datastax-java-driver.advanced.ssl-engine-factory.class", null), // true/false: read by fromEnvironment
            new Setting("CASSANDRA_TLS_TRUSTSTORE", "datastax-java-driver.advanced.ssl-engine-factory.truststore-path", readableFile()),
            new Setting("CASSANDRA_TLS_TRUSTSTORE_PASSWORD", "datastax-java-driver.advanced.ssl-engine-factory.truststore-password", null),
            new Setting("CASSANDRA_TLS_HOSTNAME_VALIDATION", "datastax-java-driver.advanced.ssl-engine-factory.hostname-validation", bool()),
            new Setting("MQTT_URL", "cnc-twin.ingest.mqtt.url", brokerUrl()),
            new Setting("MQTT_TLS_CA", "cnc-twin.ingest.mqtt.tls-ca", readableFile()),
            new Setting("MQTT_TLS_CERT", "cnc-twin.ingest.mqtt.tls-cert", readableFile()),
            new Setting("MQTT_TLS_KEY", "cnc-twin.ingest.mqtt.tls-key", readableFile()),
            new Setting("MQTT_USERNAME", "cnc-twin.ingest.mqtt.username", null),
            new Setting("MQTT_PASSWORD", "cnc-twin.ingest.mqtt.password", null),
            new Setting("MQTT_SHARED_SUBSCRIPTION", "cnc-twin.ingest.mqtt.shared-subscription", bool()),
            new Setting("MQTT_GROUP", "cnc-twin.ingest.mqtt.group", matching(CLIENT_ID, "1-64 of A-Z a-z 0-9 _ -")),
            new Setting("MQTT_CLIENT_ID_PREFIX", "cnc-twin.ingest.mqtt.client-id-prefix", matching(CLIENT_ID, "1-64 of A-Z a-z 0-9 _ - (the pod name)")),
            new Setting("MQTT_CONNECTIONS_PER_CHANNEL", "cnc-twin.ingest.mqtt.connections-per-channel", atLeast(1)),
            new Setting("HTTP_INTERFACE", "cnc-twin.http.interface", nonEmpty("an address to listen on, 0.0.0.0 in a container")),
            new Setting("HTTP_PORT", "cnc-twin.http.port", port(false)),
            new Setting("HTTP_TLS_CERT", "cnc-twin.http.tls-cert", readableFile()),
            new Setting("HTTP_TLS_KEY", "cnc-twin.http.tls-key", readableFile()),
            new Setting("API_AUTH_MODE", "cnc-twin.http.auth.mode", oneOf("open", "tokens", "jwt")),
            new Setting("API_READER_TOKENS", "cnc-twin.http.auth.reader-tokens", null),
            new Setting("API_OPERATOR_TOKENS", "cnc-twin.http.auth.operator-tokens", null),
            new Setting("API_JWT_ISSUER", "cnc-twin.http.auth.jwt.issuer", null),
            new Setting("API_JWT_AUDIENCE", "cnc-twin.http.auth.jwt.audience", null),
            new Setting("API_JWT_JWKS_URL", "cnc-twin.http.auth.jwt.jwks-url", null),
            new Setting("API_JWT_ROLES_CLAIM", "cnc-twin.http.auth.jwt.roles-claim", null),
            new Setting("MANAGEMENT_HOSTNAME", "pekko.management.http.hostname", nonEmpty("the address the health checks listen on (the pod IP)")),
            new Setting("MANAGEMENT_PORT", "pekko.management.http.port", port(false)));

    private NodeSettings() {}

    /** The node's configuration: the environment over application.conf over every module's defaults, checked. */
    public static Config load(Map<String, String> environment) {
        return checked(ConfigFactory.load(fromEnvironment(environment).withFallback(ConfigFactory.defaultApplication())), environment);
    }

    /** {@code config} if it is a node's valid configuration; otherwise every problem, each naming its variable and key. */
    public static Config checked(Config config, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            if (setting.check() == null || !config.hasPath(setting.key())) {
                continue; // application.conf sets every key a node needs; the others are optional
            }
            String problem;
            try {
                problem = setting.check().problem(config, setting.key());
            } catch (ConfigException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                problems.add(setting.env() + " (" + setting.key() + "): " + problem);
            }
        }
        problems.addAll(combinationProblems(config, environment));
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return config;
    }

    /**
     * The settings that are lists, or that switch on a block of the driver's configuration, from
     * the environment: {@code CASSANDRA_CONTACT_POINTS} and {@code CLUSTER_BOOTSTRAP_ENDPOINTS}
     * (comma-separated {@code host:port}), Cassandra's credentials and TLS.
     *
     * @throws InvalidSettingsException naming the variable whose value cannot be read
     */
    static Config fromEnvironment(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        String contactPoints = environment.get("CASSANDRA_CONTACT_POINTS");
        if (contactPoints != null) {
            settings.put(CONTACT_POINTS_KEY, hostPorts("CASSANDRA_CONTACT_POINTS", contactPoints, problems).stream().map(HostPort::text).toList());
        }
        String endpoints = environment.get("CLUSTER_BOOTSTRAP_ENDPOINTS");
        if (endpoints != null) {
            String service = environment.getOrDefault("CLUSTER_SERVICE_NAME", ConfigFactory.load().getString(SERVICE_NAME_KEY));
            settings.put("pekko.discovery.config.services." + service + ".endpoints", hostPorts("CLUSTER_BOOTSTRAP_ENDPOINTS", endpoints, problems)
                    .stream().map(endpoint -> Map.of("host", endpoint.host(), "port", endpoint.port())).toList());
        }
        if (environment.containsKey("CASSANDRA_USERNAME") || environment.containsKey("CASSANDRA_PASSWORD")) {
            settings.put("datastax-java-driver.advanced.auth-provider.class", "PlainTextAuthProvider");
            settings.put("datastax-java-driver.advanced.auth-provider.username", environment.getOrDefault("CASSANDRA_USERNAME", ""));
            settings.put("datastax-java-driver.advanced.auth-provider.password", environment.getOrDefault("CASSANDRA_PASSWORD", ""));
        }
        if ("true".equals(environment.get("CASSANDRA_TLS")) || environment.containsKey("CASSANDRA_TLS_TRUSTSTORE")) {
            settings.put("datastax-java-driver.advanced.ssl-engine-factory.class", "DefaultSslEngineFactory");
            putIfPresent(settings, environment, "CASSANDRA_TLS_TRUSTSTORE", "datastax-java-driver.advanced.ssl-engine-factory.truststore-path");
            putIfPresent(settings, environment, "CASSANDRA_TLS_TRUSTSTORE_PASSWORD", "datastax-java-driver.advanced.ssl-engine-factory.truststore-password");
            settings.put("datastax-java-driver.advanced.ssl-engine-factory.hostname-validation",
                    !"false".equals(environment.get("CASSANDRA_TLS_HOSTNAME_VALIDATION")));
        } else if (environment.containsKey("CASSANDRA_TLS") && !"false".equals(environment.get("CASSANDRA_TLS"))) {
            problems.add("CASSANDRA_TLS: expected true or false, was \"" + environment.get("CASSANDRA_TLS") + '"');
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        Config config = ConfigFactory.empty();
        for (Map.Entry<String, Object> setting : settings.entrySet()) {
            config = config.withValue(setting.getKey(), ConfigValueFactory.fromAnyRef(setting.getValue()));
        }
        return config;
    }

    private static void putIfPresent(Map<String, Object> settings, Map<String, String> environment, String env, String key) {
        if (environment.containsKey(env)) {
            settings.put(key, environment.get(env));
        }
    }

    record HostPort(String host, int port) {
        String text() {
            return host + ":" + port;
        }
    }

    private static List<HostPort> hostPorts(String env, String text, List<String> problems) {
        List<HostPort> endpoints = new ArrayList<>();
        for (String part : text.split(",")) {
            var match = HOST_PORT.matcher(part.trim());
            if (!match.matches() || Integer.parseInt(match.group(2)) < 1 || Integer.parseInt(match.group(2)) > 65535) {
                problems.add(env + ": expected comma-separated host:port (port 1-65535), was \"" + part.trim() + "\" in \"" + text + '"');
            } else {
                endpoints.add(new HostPort(match.group(1), Integer.parseInt(match.group(2))));
            }
        }
        if (endpoints.isEmpty() && problems.isEmpty()) {
            problems.add(env + ": expected at least one host:port, was empty");
        }
        return endpoints;
    }

    /** What no single setting shows: values that must come together, or that only make sense with others. */
    private static List<String> combinationProblems(Config config, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        if (config.getString(DISCOVERY_KEY).equals("config")) {
            String service = config.getString(SERVICE_NAME_KEY);
            String endpointsKey = "pekko.discovery.config.services." + service + ".endpoints";
            if (!config.hasPath(endpointsKey)) {
                problems.add("CLUSTER_BOOTSTRAP_ENDPOINTS (" + endpointsKey + "): required with CLUSTER_DISCOVERY=config: the management host:port of "
                        + "the nodes that form the cluster");
            } else {
                int endpoints = config.getList(endpointsKey).size();
                int required = config.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr");
                if (required > endpoints) {
                    problems.add("CLUSTER_REQUIRED_CONTACT_POINTS: " + required + " contact points can never be found among the " + endpoints
                            + " of CLUSTER_BOOTSTRAP_ENDPOINTS");
                }
            }
        }
        if (config.getString("pekko.cluster.split-brain-resolver.active-strategy").equals("lease-majority")
                && !config.getString(DISCOVERY_KEY).equals("kubernetes-api")) {
            problems.add("SBR_STRATEGY=lease-majority takes its lease from the Kubernetes API: it needs CLUSTER_DISCOVERY=kubernetes-api");
        }
        if (environment.containsKey("CASSANDRA_USERNAME") != environment.containsKey("CASSANDRA_PASSWORD")) {
            problems.add("CASSANDRA_USERNAME and CASSANDRA_PASSWORD: give both or neither");
        }
        String url = config.getString("cnc-twin.ingest.mqtt.url");
        boolean cert = !config.getString("cnc-twin.ingest.mqtt.tls-cert").isEmpty();
        boolean key = !config.getString("cnc-twin.ingest.mqtt.tls-key").isEmpty();
        if (url.startsWith("ssl:") && config.getString("cnc-twin.ingest.mqtt.tls-ca").isEmpty()) {
            problems.add("MQTT_TLS_CA: required with MQTT_URL " + url + ": the broker's CA (AmazonRootCA1.pem for AWS IoT Core)");
        }
        if (cert != key) {
            problems.add("MQTT_TLS_CERT and MQTT_TLS_KEY: a client certificate needs both");
        }
        if ((cert || key) && !url.startsWith("ssl:")) {
            problems.add("MQTT_TLS_CERT: a client certificate needs a TLS broker: MQTT_URL ssl://host:8883, was " + url);
        }
        if (config.getString("cnc-twin.http.tls-cert").isEmpty() != config.getString("cnc-twin.http.tls-key").isEmpty()) {
            problems.add("HTTP_TLS_CERT and HTTP_TLS_KEY: HTTPS needs both the certificate and its key");
        }
        if (!config.getBoolean("cnc-twin.ingest.mqtt.shared-subscription") && config.getInt("cnc-twin.ingest.mqtt.connections-per-channel") != 1) {
            problems.add("MQTT_CONNECTIONS_PER_CHANNEL: without a shared subscription (MQTT_SHARED_SUBSCRIPTION=false) every connection would get "
                    + "every message; expected 1, was " + config.getInt("cnc-twin.ingest.mqtt.connections-per-channel"));
        }
        try {
            TwinRoutes.Settings.fromConfig(config.getConfig("cnc-twin.http"));
        } catch (IllegalArgumentException | ConfigException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    // ================================================================ checks

    private static String text(Config config, String key) {
        ConfigValue value = config.getValue(key);
        return String.valueOf(value.unwrapped());
    }

    private static Check nonEmpty(String expected) {
        return (config, key) -> text(config, key).isBlank() ? "expected " + expected + ", was empty" : null;
    }

    private static Check matching(Pattern pattern, String expected) {
        return (config, key) -> pattern.matcher(text(config, key)).matches() ? null : "expected " + expected + ", was \"" + text(config, key) + '"';
    }

    private static Check oneOf(String... values) {
        Set<String> allowed = Set.of(values);
        return (config, key) -> allowed.contains(text(config, key)) ? null
                : "expected one of " + String.join(", ", values) + ", was \"" + text(config, key) + '"';
    }

    private static Check port(boolean zeroAllowed) {
        return (config, key) -> {
            String value = text(config, key);
            try {
                int port = Integer.parseInt(value);
                if (port >= (zeroAllowed ? 0 : 1) && port <= 65535) {
                    return null;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            return "expected a port number " + (zeroAllowed ? 0 : 1) + "-65535, was \"" + value + '"';
        };
    }

    private static Check atLeast(int minimum) {
        return (config, key) -> {
            String value = text(config, key);
            try {
                if (Integer.parseInt(value) >= minimum) {
                    return null;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            return "expected a whole number of at least " + minimum + ", was \"" + value + '"';
        };
    }

    private static Check bool() {
        return (config, key) -> Set.of("true", "false").contains(text(config, key)) ? null : "expected true or false, was \"" + text(config, key) + '"';
    }

    private static Check positiveDuration() {
        return (config, key) -> {
            try {
                Duration duration = config.getDuration(key);
                return duration.isNegative() || duration.isZero() ? "expected a duration above zero such as 20s, was \"" + text(config, key) + '"' : null;
            } catch (ConfigException.BadValue | ConfigException.WrongType e) {
                return "expected a duration such as 20s or 2 minutes, was \"" + text(config, key) + '"';
            }
        };
    }

    /** "off" (Pekko's word for a setting left to its default), or what {@code check} accepts. */
    private static Check offOr(Check check) {
        return (config, key) -> "off".equals(text(config, key)) ? null : check.problem(config, key);
    }

    private static Check readableFile() {
        return (config, key) -> {
            String path = text(config, key);
            return path.isEmpty() || Files.isReadable(Path.of(path)) ? null : "no readable file at \"" + path + '"';
        };
    }

    private static Check brokerUrl() {
        return (config, key) -> {
            String url = text(config, key);
            try {
                URI uri = URI.create(url);
                if (("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) && uri.getHost() != null && uri.getPort() > 0) {
                    return null;
                }
            } catch (IllegalArgumentException malformed) {
                // said below
            }
            return "expected tcp://host:port or ssl://host:port, was \"" + url + '"';
        };
    }
}
