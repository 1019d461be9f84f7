package dev.peercode.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The waits of {@link Waiters}, as lean as a client can be: one plain HTTP/1.1 request per socket, all sockets on one
 * selector thread that only reads bytes and notes the time an answer is complete (by its {@code Content-Length}, its
 * last chunk, or the connection's end). Parsing waits until the round is over. The JDK {@code HttpClient} it replaces
 * spent more CPU per answer than the gateway (its per-exchange machinery and a thread pool hop per response), on the
 * same two cores, so the time it put on the last answers was largely its own queue.
 */
final class RawWaits implements AutoCloseable {

    /** One answer: the time it was complete ({@link System#nanoTime()}), status, content type and body. */
    record Answer(long at, int status, String contentType, String body) {
    }

    private final Selector selector;
    private final InetSocketAddress address;
    private final String host;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean closeAnswered;

    RawWaits(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.host = uri.getHost() + ":" + uri.getPort();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.reader = new Thread(this::readAll, "raw-waits");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Sends {@code GET path} on a connection of its own. */
    CompletableFuture<Answer> get(String path) {
        return send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    /** Sends a JSON {@code POST} with these extra header lines ({@code "Name: value\r\n"}) on a connection of its own. */
    CompletableFuture<Answer> post(String path, String headers, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n" + headers + "\r\n" + json);
    }

    private CompletableFuture<Answer> send(String request) {
        Exchange exchange = new Exchange();
        try {
            SocketChannel channel = SocketChannel.open(address);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            synchronized (exchanges) {
                exchanges.add(exchange);
                exchange.channel = channel;
            }
            selector.wakeup();
        } catch (IOException e) {
            exchange.answer.completeExceptionally(e);
        }
        return exchange.answer;
    }

    private void readAll() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        while (!closed) {
            try {
                synchronized (exchanges) {
                    for (Exchange e : exchanges) {
                        e.channel.register(selector, SelectionKey.OP_READ, e);
                    }
                    exchanges.clear();
                }
                if (closeAnswered) {
                    closeAnswered = false;
                    for (SelectionKey key : selector.keys()) {
                        if (((Exchange) key.attachment()).answer.isDone()) {
                            key.cancel();
                            key.channel().close();
                        }
                    }
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Exchange e = (Exchange) key.attachment();
                    int n;
                    try {
                        buffer.clear();
                        n = e.channel.read(buffer);
                    } catch (IOException failure) {
                        n = -1;
                    }
                    if (n > 0) {
                        buffer.flip();
                        buffer.get(bytes, 0, n);
                        e.received.write(bytes, 0, n);
                    }
                    if (n < 0 || e.complete()) {
                        long at = System.nanoTime();
                        // left open (as a keep-alive client would) until the round is over: closing 1,000 connections
                        // in the middle of the wake-up would be work for the gateway the waits do not cause
                        key.interestOps(0);
                        e.done(at, n < 0);
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Closes the connections of the answered requests, soon, on the reader thread (call once a round is over). */
    void closeAnswered() {
        closeAnswered = true;
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** One request and the bytes of its answer so far. */
    private static final class Exchange {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream(1024);
        SocketChannel channel;
        /** Where the body starts (-1: headers not complete yet), and how it ends. */
        private int bodyAt = -1;
        private long length = -1;
        private boolean chunked;

        /** Whether the whole answer is here: a cheap check per read, the parse comes later. */
        boolean complete() {
            byte[] b = received.toByteArray();
            if (bodyAt < 0) {
                int end = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
                if (end < 0) {
                    return false;
                }
                bodyAt = end + 4;
                for (String line : new String(b, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
            }
            if (length >= 0) {
                return b.length - bodyAt >= length;
            }
            return chunked && dechunk(b, bodyAt) != null;
        }

        void done(long at, boolean ended) {
            byte[] b = received.toByteArray();
            try {
                String head = new String(b, 0, Math.max(0, bodyAt < 0 ? b.length : bodyAt - 4), StandardCharsets.ISO_8859_1);
                String[] lines = head.split("\r\n");
                if (bodyAt < 0 || lines.length == 0 || lines[0].split(" ").length < 2) {
                    throw new IOException("No HTTP answer (connection " + (ended ? "closed" : "open") + "): " + head);
                }
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                String type = "";
                for (String line : lines) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                        type = line.substring(13).trim();
                    }
                }
                byte[] body = chunked ? dechunk(b, bodyAt) : java.util.Arrays.copyOfRange(b, bodyAt, b.length);
                if (body == null) {
                    throw new IOException("Answer cut short: " + new String(b, StandardCharsets.UTF_8));
                }
                answer.complete(new Answer(at, status, type, new String(body, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }

        /** The body of a chunked answer, or null while its last chunk has not arrived. */
        private static byte[] dechunk(byte[] b, int from) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = from;
            while (true) {
                int lineEnd = indexOf(b, new byte[] { '\r', '\n' }, at);
                if (lineEnd < 0) {
                    return null;
                }
                String size = new String(b, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                at = lineEnd + 2;
                if (n == 0) {
                    // the last chunk; no trailers are sent, so the closing CRLF ends the answer
                    return b.length >= at + 2 ? body.toByteArray() : null;
                }
                if (b.length < at + n + 2) {
                    return null;
                }
                body.write(b, at, n);
                at += n + 2;
            }
        }

        private static int indexOf(byte[] b, byte[] what, int from) {
            outer: for (int i = from; i <= b.length - what.length; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (b[i + j] != what[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
