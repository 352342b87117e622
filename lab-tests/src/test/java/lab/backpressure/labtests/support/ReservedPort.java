package lab.backpressure.labtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port held by a socket that is bound but never listens: the kernel gives the port to no
 * other process, and a connection to it is refused at once, as by a service that is down. It stands
 * for a consumer that is not there, without the race of a port that was merely free a moment ago.
 */
public final class ReservedPort implements AutoCloseable {

    private final Socket socket;

    private ReservedPort(Socket socket) {
        this.socket = socket;
    }

    /** Any free port. */
    public static ReservedPort any() {
        return of(0);
    }

    /** This port, e.g. the one a stopped service had; fails if another process holds it already. */
    public static ReservedPort of(int port) {
        Socket socket = new Socket();
        try {
            // the stopped service's closed connections linger in TIME_WAIT on its port; they must not block the hold
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return new ReservedPort(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot hold port " + port, e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** An HTTP URL that nothing answers. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Gives the port back, e.g. just before a service that is to listen on it starts. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
