package org.cnctwin.protocol;

/** How urgently an alert wants a person: INFO to look at, WARNING to plan for, CRITICAL to act now. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
