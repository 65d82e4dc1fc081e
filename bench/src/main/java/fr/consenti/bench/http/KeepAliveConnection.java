package fr.consenti.bench.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection for load generators: writes a request, reads the status line, headers and body,
 * over a plain blocking socket. It costs the client a small fraction of what the JDK's {@code HttpClient} does per
 * request, which matters when the load generator shares the machine's two cores with the server it measures.
 */
public final class KeepAliveConnection {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private final String host;
    private int lastBodyLength;

    public KeepAliveConnection(int port) throws IOException {
        // With its port, as HTTP clients send it: Tomcat's parser throws and catches an exception for each request
        // whose Host is an IPv4 address without one.
        host = "127.0.0.1:" + port;
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** POSTs a JSON body with the API key and returns the answer's status code, once its whole body has arrived. */
    public int post(String path, String key, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return readResponse();
    }

    /** The body of the last answer, when it was short enough to be kept (64 KB), for error messages. */
    public String lastBody() {
        return new String(buf, 0, lastBodyLength, StandardCharsets.UTF_8);
    }

    public void close() throws IOException {
        socket.close();
    }

    private int readResponse() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = h.toLowerCase().contains("chunked");
            }
        }
        lastBodyLength = 0;
        if (chunked) {
            while (true) {
                long size = Long.parseLong(line().trim(), 16);
                skip(size);
                line();
                if (size == 0) {
                    break;
                }
            }
        } else if (length > 0) {
            skip(length);
        }
        return code;
    }

    private void skip(long n) throws IOException {
        boolean fits = lastBodyLength + n <= buf.length;
        while (n > 0) {
            int at = fits ? lastBodyLength : 0;
            int r = in.read(buf, at, (int) Math.min(buf.length - at, n));
            if (r < 0) {
                throw new IOException("connection closed");
            }
            n -= r;
            lastBodyLength = fits ? lastBodyLength + r : 0;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }
}
