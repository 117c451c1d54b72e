package io.mosaic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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

    @Test
    void sizeUnitsAreBinaryInAnyCase() {
        for (String size : List.of("8MB", "8 MB", "8 mb", "8 mB", "8 MiB", "8 mib", "8MIB")) {
            assertEquals(8L << 20, ConfigReader.sizeInBytes(size), size);
        }
        for (String size : List.of("512 KB", "512 kb", "512kB", "512 KiB", "0.5 MB")) {
            assertEquals(512L << 10, ConfigReader.sizeInBytes(size), size);
        }
        assertEquals(2L << 30, ConfigReader.sizeInBytes("2 gb"));
        assertEquals(4096, ConfigReader.sizeInBytes("4096"));
        assertEquals(4096, ConfigReader.sizeInBytes("4096 b"));
        for (String size : List.of("lots", "8 M", "8 MBs", "MB", "8 ib", "1.5 B", "-8 MB", "99999999999 GB")) {
            assertThrows(RuntimeException.class, () -> ConfigReader.sizeInBytes(size), size);
        }
    }
}
