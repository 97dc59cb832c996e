package ru.myservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * The resident memory of a process, and of its children when it has workers, sampled every 200 ms
 * while it lives so the report can give the most it reached, overall and since the last {@link
 * #takeWindowMax}, and how much of that was the process's own (anonymous) memory and how much mapped
 * files: the jars and the AOT cache, which instances of one image share through the page cache.
 */
final class ResidentMemory implements AutoCloseable {

    /** One sample, in kB: all resident memory, its anonymous part and its part mapped from files. */
    record Sample(long rssKb, long anonKb, long fileKb) {

        static final Sample NONE = new Sample(0, 0, 0);

        static final BinaryOperator<Sample> LARGER = (a, b) -> b.rssKb > a.rssKb ? b : a;

        long rssMb() {
            return rssKb / 1024;
        }

        long anonMb() {
            return anonKb / 1024;
        }

        long fileMb() {
            return fileKb / 1024;
        }

        Sample plus(Sample other) {
            return new Sample(rssKb + other.rssKb, anonKb + other.anonKb, fileKb + other.fileKb);
        }
    }

    private final Process process;
    private final AtomicReference<Sample> max = new AtomicReference<>(Sample.NONE);
    private final AtomicReference<Sample> windowMax = new AtomicReference<>(Sample.NONE);
    private final Thread sampler;

    ResidentMemory(Process process) {
        this.process = process;
        this.sampler = Thread.ofVirtual().start(() -> {
            while (process.isAlive()) {
                sample();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long mb() {
        return now().rssMb();
    }

    long maxMb() {
        return max().rssMb();
    }

    /** The largest sample so far. */
    Sample max() {
        sample();
        return max.get();
    }

    /** The largest sample since the last call (or the start), and a new window from now. */
    Sample takeWindowMax() {
        Sample current = now();
        Sample taken = windowMax.getAndSet(current);
        max.accumulateAndGet(current, Sample.LARGER);
        return Sample.LARGER.apply(taken, current);
    }

    private void sample() {
        Sample current = now();
        max.accumulateAndGet(current, Sample.LARGER);
        windowMax.accumulateAndGet(current, Sample.LARGER);
    }

    private Sample now() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .map(handle -> sample(handle.pid()))
                .reduce(Sample.NONE, Sample::plus);
    }

    private static Sample sample(long pid) {
        long rss = 0;
        long anon = 0;
        long file = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kb(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kb(line);
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // The process ended between two samples.
            return Sample.NONE;
        }
        return new Sample(rss, anon, file);
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
