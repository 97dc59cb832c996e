package ru.myservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The resident memory of a process, and of its children when it has workers, sampled every 200 ms
 * while it lives so the report can give the most it reached.
 */
final class ResidentMemory implements AutoCloseable {

    private final Process process;
    private final AtomicLong maxKb = new AtomicLong();
    private final Thread sampler;

    ResidentMemory(Process process) {
        this.process = process;
        this.sampler = Thread.ofVirtual().start(() -> {
            while (process.isAlive()) {
                maxKb.accumulateAndGet(kb(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long mb() {
        return kb() / 1024;
    }

    long maxMb() {
        maxKb.accumulateAndGet(kb(), Math::max);
        return maxKb.get() / 1024;
    }

    private long kb() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .mapToLong(handle -> kb(handle.pid()))
                .sum();
    }

    private static long kb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // The process ended between two samples.
        }
        return 0;
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
