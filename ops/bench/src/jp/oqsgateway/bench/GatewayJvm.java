package jp.oqsgateway.bench;

import com.sun.tools.attach.VirtualMachine;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM's memory over JMX, from outside: the attach API starts the JDK's local management
 * agent in it (loopback only, same user), so the measured process needs no option or code of its
 * own. The agent adds a few threads and descriptors of its own, constant once started.
 */
final class GatewayJvm implements AutoCloseable {
  private final JMXConnector connector;
  private final MemoryMXBean memory;
  private final List<MemoryPoolMXBean> pools;

  private GatewayJvm(JMXConnector connector, MemoryMXBean memory, List<MemoryPoolMXBean> pools) {
    this.connector = connector;
    this.memory = memory;
    this.pools = pools;
  }

  static GatewayJvm attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String url;
    try {
      url = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
    MBeanServerConnection server = connector.getMBeanServerConnection();
    return new GatewayJvm(
        connector,
        ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class),
        ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class));
  }

  /**
   * A full collection ({@code MemoryMXBean.gc()}, i.e. {@code System.gc()}), then each heap pool's
   * usage after its last collection summed (the live set: what a leak would grow), the heap's
   * committed size and metaspace in use, in MiB.
   */
  void heapAfterFullGc(JsonObject into) {
    long t = System.nanoTime();
    memory.gc();
    into.put("fullGcMs", (System.nanoTime() - t) / 1_000_000);
    long live = 0;
    for (MemoryPoolMXBean pool : pools) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        live += pool.getCollectionUsage().getUsed();
      } else if (pool.getName().equals("Metaspace")) {
        into.put("metaspaceMb", mb(pool.getUsage().getUsed()));
      }
    }
    into.put("heapAfterGcMb", mb(live)).put("heapCommittedMb", mb(memory.getHeapMemoryUsage().getCommitted()));
  }

  private static double mb(long bytes) {
    return Math.round(bytes / 104857.6) / 10.0;
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
