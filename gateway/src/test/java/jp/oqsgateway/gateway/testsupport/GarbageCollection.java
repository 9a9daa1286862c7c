package jp.oqsgateway.gateway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;

/** Runs the garbage collector until it demonstrably collected (what a weakly held meter loses). */
public final class GarbageCollection {
  private GarbageCollection() {}

  /** Runs collections until an object nothing holds is gone. */
  public static void collect() {
    WeakReference<Object> sentinel = new WeakReference<>(new Object());
    for (int i = 0; i < 20 && sentinel.get() != null; i++) {
      System.gc();
    }
    assertThat(sentinel.get()).as("an unreferenced object after System.gc()").isNull();
  }
}
