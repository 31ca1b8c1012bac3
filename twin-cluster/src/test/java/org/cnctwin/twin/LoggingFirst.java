package org.cnctwin.twin;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.LoggerFactory;

/**
 * Starts SLF4J on the test JVM's main thread before any test starts an actor system. SLF4J
 * (2.0.17) binds MDC for good to a stand-in adapter when a thread touches it while another is
 * still starting the logging backend, and a test's actor system logs from many threads at once:
 * then no log line of the run carries an MDC key. Programs are safe: their main class's logger
 * starts SLF4J before any thread of theirs.
 */
public final class LoggingFirst implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LoggerFactory.getILoggerFactory();
    }
}
