package dev.seccompsync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the heap of this JVM while a piece of work runs, two ways:
 *
 * <ul>
 *   <li><b>peak used</b>: a daemon thread reads {@code MemoryMXBean.getHeapMemoryUsage().getUsed()}
 *       every millisecond and keeps the largest value: live objects plus garbage not yet collected,
 *       which is what the heap must be sized for under the JVM's current GC settings;
 *   <li><b>peak after GC</b>: the largest heap occupancy right after a collection during the work,
 *       from the collectors' notifications: roughly what the work keeps alive at once (a young
 *       collection leaves the old generation's garbage in place, so it may overstate that, and it
 *       cannot see between collections). It is {@code 0} when no collection ran.
 * </ul>
 *
 * The work's collections (count and pause time) are recorded too. Call {@link #start()} right
 * before the work and {@link #stop()} right after; start runs {@code System.gc()} first, so that
 * the baseline holds only what earlier work left alive.
 */
final class HeapSampler {

  /** What one measured piece of work did to the heap, in bytes and milliseconds. */
  record Heap(long baseline, long peakUsed, long peakAfterGc, long collections, long gcMillis) {}

  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final NotificationListener listener = (notification, handback) -> onGc(notification);
  private volatile boolean running;
  private Thread thread;
  private long baseline;
  private long collectionsBefore;
  private long gcMillisBefore;

  void start() {
    System.gc();
    var memory = ManagementFactory.getMemoryMXBean();
    baseline = memory.getHeapMemoryUsage().getUsed();
    peakUsed.set(baseline);
    peakAfterGc.set(0);
    collectionsBefore = collections();
    gcMillisBefore = gcMillis();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    running = true;
    thread =
        new Thread(
            () -> {
              while (running) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  Heap stop() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peakUsed.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // not registered: nothing to remove
      }
    }
    return new Heap(
        baseline,
        peakUsed.get(),
        peakAfterGc.get(),
        collections() - collectionsBefore,
        gcMillis() - gcMillisBefore);
  }

  private void onGc(javax.management.Notification notification) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long before = 0;
    long after = 0;
    for (var pool : heapPools()) {
      var usageBefore = info.getGcInfo().getMemoryUsageBeforeGc().get(pool);
      var usageAfter = info.getGcInfo().getMemoryUsageAfterGc().get(pool);
      before += usageBefore == null ? 0 : usageBefore.getUsed();
      after += usageAfter == null ? 0 : usageAfter.getUsed();
    }
    // A collection shows the heap's fill level just before it, which the 1 ms sampling may miss.
    peakUsed.accumulateAndGet(before, Math::max);
    peakAfterGc.accumulateAndGet(after, Math::max);
  }

  private static List<String> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName)
        .toList();
  }

  private static long collections() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }
}
