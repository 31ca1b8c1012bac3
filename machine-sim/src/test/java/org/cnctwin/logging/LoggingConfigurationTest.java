package org.cnctwin.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Loads the shipped logback.xml and checks what each format writes. */
class LoggingConfigurationTest {

    @AfterEach
    void clearSetting() {
        System.clearProperty(LogFormatDefiner.SETTING);
    }

    @Test
    void jsonLinesCarryTheMachineIdFromTheMdc() throws Exception {
        OutputStreamAppender<?> appender = configuredRootAppender("json");

        String line = encode(appender, "recorded batch", Map.of("machineId", "vmc-01"));

        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        assertThat(json.get("message").asText()).isEqualTo("recorded batch");
        assertThat(json.get("machineId").asText()).isEqualTo("vmc-01");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("service").asText()).isEqualTo("cnc-twin");
        assertThat(json.has("@timestamp")).isTrue();
    }

    @Test
    void textShowsTheMachineIdOnlyWhenThereIsOne() throws Exception {
        OutputStreamAppender<?> appender = configuredRootAppender("text");

        assertThat(encode(appender, "recorded batch", Map.of("machineId", "vmc-01"))).contains(" [vmc-01] - recorded batch");
        assertThat(encode(appender, "cluster up", Map.of())).contains(" - cluster up").doesNotContain("[]");
    }

    @Test
    void formatFollowsTheSettingThenTheTerminal() {
        assertThat(LogFormatDefiner.resolve("TEXT", false)).isEqualTo("text");
        assertThat(LogFormatDefiner.resolve(" json ", true)).isEqualTo("json");
        assertThat(LogFormatDefiner.resolve(null, true)).isEqualTo("text");
        assertThat(LogFormatDefiner.resolve("", false)).isEqualTo("json");
        assertThat(LogFormatDefiner.resolve("xml", false)).as("an unknown format falls back, it does not silence logging").isEqualTo("json");
    }

    private static OutputStreamAppender<?> configuredRootAppender(String format) throws Exception {
        System.setProperty(LogFormatDefiner.SETTING, format);
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LoggingConfigurationTest.class.getResource("/logback.xml"));
        Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        Appender<?> appender = appenders.next();
        assertThat(appenders.hasNext()).as("exactly one appender is active").isFalse();
        assertThat(appender.getName()).isEqualTo(format);
        return (OutputStreamAppender<?>) appender;
    }

    @SuppressWarnings("unchecked")
    private static String encode(OutputStreamAppender<?> appender, String message, Map<String, String> mdc) {
        LoggerContext context = (LoggerContext) appender.getContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("org.cnctwin.Test"), Level.WARN, message, null, null);
        event.setMDCPropertyMap(mdc);
        byte[] bytes = ((OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) appender).getEncoder().encode(event);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
