package jp.oqsgateway.gateway.http;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The contract's schema repository with a validator made once for each schema a request is checked
 * against (every parameter's, every request body's), handed out again for that very schema object.
 *
 * <p>vertx-json-schema 5.0.10 makes a new validator per call of {@link #validator(JsonSchema)},
 * copying every schema of the contract into a map of its own; the request validator calls it for
 * each parameter and body of every request. A validator keeps nothing between validations (each
 * {@code validate} starts from fresh state, the copied map is only read), so one serves every
 * request, on any thread. A schema it was not prepared for gets a new validator, as before.
 */
final class PreparedSchemas implements SchemaRepository {
  private final SchemaRepository repository;
  private final Map<JsonSchema, Validator> prepared;

  private PreparedSchemas(SchemaRepository repository, Map<JsonSchema, Validator> prepared) {
    this.repository = repository;
    this.prepared = prepared;
  }

  /** Validators for {@code schemas}, made now by {@code repository} as it would make them later. */
  static PreparedSchemas of(SchemaRepository repository, Iterable<JsonSchema> schemas) {
    Map<JsonSchema, Validator> prepared = new IdentityHashMap<>();
    for (JsonSchema schema : schemas) {
      prepared.computeIfAbsent(schema, repository::validator);
    }
    return new PreparedSchemas(repository, Collections.unmodifiableMap(prepared));
  }

  int size() {
    return prepared.size();
  }

  @Override
  public Validator validator(JsonSchema schema) {
    Validator validator = prepared.get(schema);
    return validator != null ? validator : repository.validator(schema);
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
    throw new UnsupportedOperationException("the prepared validators would not see it");
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
    throw new UnsupportedOperationException("the prepared validators would not see it");
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs) {
    throw new UnsupportedOperationException("the prepared validators would not see it");
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
    throw new UnsupportedOperationException("the prepared validators would not see it");
  }

  @Override
  public Validator validator(String ref) {
    return repository.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return repository.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return repository.validator(schema, options, dereference);
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return repository.resolve(schema);
  }

  @Override
  public JsonSchema find(String pointer) {
    return repository.find(pointer);
  }
}
