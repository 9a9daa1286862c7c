package jp.oqsgateway.gateway.http;

import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Attaches handlers to operations of the OpenAPI document (by operationId). */
@FunctionalInterface
public interface ApiOperations {
  void register(RouterBuilder builder);
}
