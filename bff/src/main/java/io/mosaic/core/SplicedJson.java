package io.mosaic.core;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value that is already UTF-8 bytes, for {@code JsonGenerator.writeRawValue}: the generator copies it into
 * its output as it is. Only {@link Json#spliced} makes one, after checking the bytes are one well-formed document.
 * It is never quoted: the quoting methods are not used by raw writes and refuse.
 */
final class SplicedJson implements SerializableString {

    private final byte[] bytes;
    private final int start;
    private final int length;

    SplicedJson(byte[] bytes, int start, int length) {
        this.bytes = bytes;
        this.start = start;
        this.length = length;
    }

    /** The value read into a tree ({@link Json#parse}), from the bytes where they are. */
    JsonNode tree() {
        return Json.parse(bytes, start, length);
    }

    @Override
    public String getValue() {
        return new String(bytes, start, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return start == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, start, start + length);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (buffer.length - offset < length) {
            return -1;
        }
        System.arraycopy(bytes, start, buffer, offset, length);
        return length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String value = getValue();
        if (buffer.length - offset < value.length()) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes, start, length);
        return length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < length) {
            return -1;
        }
        buffer.put(bytes, start, length);
        return length;
    }

    @Override
    public char[] asQuotedChars() {
        throw quoted();
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw quoted();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw quoted();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw quoted();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw quoted();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw quoted();
    }

    private static UnsupportedOperationException quoted() {
        return new UnsupportedOperationException("a spliced JSON value is written as it is, never quoted");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SplicedJson that
                && Arrays.equals(bytes, start, start + length, that.bytes, that.start, that.start + that.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return getValue();
    }
}
