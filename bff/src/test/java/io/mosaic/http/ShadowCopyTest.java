package io.mosaic.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class ShadowCopyTest {

    private static final byte[] ANSWER = "{\"id\":\"42\",\"name\":\"svc\"}".getBytes();

    private static ByteArrayOutputStream stream(ShadowCopy copy, byte[] answer) throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        try (OutputStream out = copy.tee(client)) {
            out.write(answer, 0, 10);
            out.write(answer[10]);
            out.write(answer, 11, answer.length - 11);
        }
        return client;
    }

    @Test
    void theCopyTakesItsBytesFromTheRoomAndGivesThemBack() throws IOException {
        Semaphore room = new Semaphore(1000);
        ShadowCopy copy = new ShadowCopy(room);
        assertArrayEquals(ANSWER, stream(copy, ANSWER).toByteArray());
        assertEquals(1000 - ANSWER.length, room.availablePermits());
        assertArrayEquals(ANSWER, copy.bytes().orElseThrow());
        copy.close();
        assertEquals(1000, room.availablePermits());
        copy.close();
        assertEquals(1000, room.availablePermits(), "closing twice gives back nothing more");
    }

    @Test
    void withoutRoomTheCopyIsDroppedButTheClientGetsEverything() throws IOException {
        Semaphore room = new Semaphore(12);
        ShadowCopy copy = new ShadowCopy(room);
        assertArrayEquals(ANSWER, stream(copy, ANSWER).toByteArray());
        assertTrue(copy.bytes().isEmpty());
        assertEquals(12, room.availablePermits(), "what the copy had taken is back before it is closed");
        copy.close();
        assertEquals(12, room.availablePermits());
    }

    @Test
    void anAnswerOverTheLimitIsNotCopied() throws IOException {
        Semaphore room = new Semaphore(4 * ShadowCopy.LIMIT);
        ShadowCopy copy = new ShadowCopy(room);
        byte[] large = new byte[ShadowCopy.LIMIT + 1];
        assertEquals(large.length, stream(copy, large).size());
        assertTrue(copy.bytes().isEmpty());
        assertEquals(4 * ShadowCopy.LIMIT, room.availablePermits());
    }
}
