package jp.oqsgateway.gateway.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Copies of configuration records with some components changed, so a test names only what it
 * changes rather than repeating every other component.
 */
public final class RecordCopies {
  private RecordCopies() {}

  /**
   * A copy of {@code record} made through its canonical constructor, each component named in {@code
   * changes} replaced by its value; a name that is not a component fails.
   */
  public static <R extends Record> R with(R record, Map<String, ?> changes) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    Set<String> unused = new HashSet<>(changes.keySet());
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        types[i] = c.getType();
        values[i] =
            unused.remove(c.getName()) ? changes.get(c.getName()) : c.getAccessor().invoke(record);
      }
      if (!unused.isEmpty()) {
        throw new IllegalArgumentException(
            "not components of " + record.getClass().getSimpleName() + ": " + unused);
      }
      @SuppressWarnings("unchecked")
      R copy = (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
      return copy;
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
