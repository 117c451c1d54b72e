package io.mosaic.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving upstream on a real socket on 127.0.0.1: each connection reads the request head, then runs a
 * script that writes whatever it likes, including broken HTTP.
 */
public final class RawServer implements AutoCloseable {

    @FunctionalInterface
    public interface Script {
        void run(Socket socket, OutputStream out, AtomicLong written) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    final AtomicLong written = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();

    public RawServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(socket, script));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            readHead(socket.getInputStream());
            script.run(socket, socket.getOutputStream(), written);
        } catch (IOException | InterruptedException e) {
            // the client went away: that is what several scripts test
        }
    }

    /** Reads one request head; false when the client closed the connection first (keep-alive scripts loop on it). */
    static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    /**
     * Reads until the client closes the connection, then counts down {@code closed}: for scripts that check that the
     * client closes a connection it cannot use, rather than leaving it open until it is collected.
     */
    public static void awaitClose(Socket socket, java.util.concurrent.CountDownLatch closed) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException e) {
            // a reset is a close too
        }
        closed.countDown();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
