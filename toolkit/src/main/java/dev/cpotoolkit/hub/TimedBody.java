package dev.cpotoolkit.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} that gives up when no bytes
 * arrive for a while. {@code java.net.http}'s own request timeout covers only
 * the wait for the headers, and its stream ({@code BodyHandlers.ofInputStream})
 * waits for the next bytes without limit and without heeding interrupts: a
 * connection that stalls in the middle of a file would block the download
 * forever. Here each wait is bounded, and a stall cancels the transfer and
 * throws {@link Stalled}.
 */
final class TimedBody implements HttpResponse.BodySubscriber<InputStream> {

    /** The transfer stopped: nothing arrived within the limit. */
    static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;

        Stalled(String message) {
            super(message);
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final long limitNanos;
    private final Duration limit;
    private volatile Flow.Subscription subscription;

    TimedBody(Duration limit) {
        this.limit = limit;
        this.limitNanos = limit.toNanos();
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration limit) {
        return info -> new TimedBody(limit);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(new Stream());
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrivals.add(item);
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    private final class Stream extends InputStream {

        private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
        private ByteBuffer current;
        private boolean done;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (length == 0) {
                return 0;
            }
            while (current == null || !current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(length, current.remaining());
            current.get(target, offset, n);
            return n;
        }

        @SuppressWarnings("unchecked")
        private void next() throws IOException {
            Object arrival;
            try {
                arrival = arrivals.poll(limitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                cancel();
                throw new IOException("interrupted while waiting for data", interrupted);
            }
            if (arrival == null) {
                cancel();
                throw new Stalled("no data for " + limit.toMillis() + " ms");
            }
            if (arrival == END) {
                done = true;
            } else if (arrival instanceof Throwable failure) {
                done = true;
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            } else {
                buffers = ((List<ByteBuffer>) arrival).iterator();
                subscription.request(1);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!done) {
                    cancel();
                }
            }
        }
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
