package io.mosaic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    @Test
    void aValueIsShownWithoutUserInfoOrQuery() {
        assertEquals("'monolith:8080'", ConfigReader.shown("monolith:8080"));
        assertEquals("'two seconds'", ConfigReader.shown("two seconds"));
        assertEquals("'https://***@legacy.internal'", ConfigReader.shown("https://svc:pa^ss word@legacy.internal"));
        assertEquals("'ftp://unleash.internal/api?***'", ConfigReader.shown("ftp://unleash.internal/api?token=t0k"));
        assertEquals("'http://***@host/x?***'", ConfigReader.shown("http://u:p?ss@w@rd@host/x?key=a"));
        assertEquals("'***@legacy.internal'", ConfigReader.shown("svc:secret@legacy.internal"));
    }
}
