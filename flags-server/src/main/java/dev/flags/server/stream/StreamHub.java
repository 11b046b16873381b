package dev.flags.server.stream;

import dev.flags.server.FlagServerProperties;
import dev.flags.server.store.Definitions;
import dev.flags.server.store.RevisionInstalled;
import dev.flags.server.store.Snapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open streams (async responses: no thread each): one event per new revision, comment heartbeats, a clean
 * close at a jittered maximum age, and every stream ended first thing at shutdown so clients reconnect elsewhere.
 * One scheduler thread sends events and heartbeats.
 */
@Component
public class StreamHub implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    private record Stream(String environment, SseEmitter emitter, Instant closeAt) {
    }

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Duration heartbeat;
    private final Duration maxAge;
    private final Duration retry;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running;

    public StreamHub(FlagServerProperties properties, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.heartbeat = properties.heartbeat();
        this.maxAge = properties.streamMaxAge();
        this.retry = properties.streamRetry();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flags-server-streams");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("flags.server.streams", streams, Set::size).description("open streams").register(meters);
    }

    /**
     * Opens a stream: a first comment with the retry hint at once, then the current revision when the client's
     * {@code Last-Event-ID} is older (or absent).
     */
    public SseEmitter open(Snapshot current, Long lastEventId) {
        long jittered = (long) (maxAge.toMillis() * (0.8 + 0.2 * ThreadLocalRandom.current().nextDouble()));
        // the emitter's own timeout only backs up the sweep, which closes the stream cleanly at closeAt
        SseEmitter emitter = new SseEmitter(jittered + heartbeat.toMillis() * 3);
        Stream stream = new Stream(current.environment(), emitter, clock.instant().plusMillis(jittered));
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> {
            streams.remove(stream);
            emitter.complete();
        });
        emitter.onError(error -> streams.remove(stream));
        try {
            emitter.send(SseEmitter.event().comment("flags-server: revision " + current.revision())
                    .reconnectTime(retry.toMillis()));
            if (lastEventId == null || lastEventId < current.revision()) {
                emitter.send(event(current));
            }
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        if (!running) {
            emitter.complete();
            return emitter;
        }
        streams.add(stream);
        return emitter;
    }

    /** Number of open streams. */
    public int open() {
        return streams.size();
    }

    @EventListener
    void on(RevisionInstalled installed) {
        Snapshot snapshot = installed.snapshot();
        scheduler.execute(() -> {
            SseEmitter.SseEventBuilder event = event(snapshot);
            for (Stream stream : streams) {
                if (stream.environment().equals(snapshot.environment())) {
                    send(stream, event);
                }
            }
        });
    }

    /** Sends the heartbeat comment to every stream, and closes those past their age. */
    void sweep() {
        Instant now = clock.instant();
        for (Stream stream : streams) {
            if (!now.isBefore(stream.closeAt())) {
                streams.remove(stream);
                stream.emitter().complete();
            } else {
                send(stream, SseEmitter.event().comment(""));
            }
        }
    }

    private void send(Stream stream, SseEmitter.SseEventBuilder event) {
        try {
            stream.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            streams.remove(stream); // the client went away; the container completes the response
        }
    }

    private static SseEmitter.SseEventBuilder event(Snapshot snapshot) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", snapshot.revision());
        data.put("flag", snapshot.flag());
        data.put("action", snapshot.action());
        return SseEmitter.event().id(Long.toString(snapshot.revision())).name("revision")
                .data(new String(Definitions.writeBytes(data), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void start() {
        running = true;
        long period = Math.max(1, heartbeat.toMillis());
        scheduler.scheduleAtFixedRate(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("Stream heartbeat failed: {}", e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        int count = streams.size();
        for (Stream stream : streams) {
            streams.remove(stream);
            stream.emitter().complete();
        }
        scheduler.shutdownNow();
        if (count > 0) {
            LOG.info("Ended {} streams for shutdown", count);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown waits for requests, so streams do not hold it up. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
