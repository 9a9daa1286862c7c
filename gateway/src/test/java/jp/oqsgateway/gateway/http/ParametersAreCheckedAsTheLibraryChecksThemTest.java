package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RequestChecks} answers every parameter of the API's document as vertx-openapi's own
 * request validator does (the same value, or the same error), including the plain string values it
 * checks without the library's JSON tries: ours on the contract as the gateway starts with it
 * ({@link ApiContract#resolve}, its schema repository holding the document alone), the library's on
 * the contract its own validating path makes.
 */
@ExtendWith(VertxExtension.class)
class ParametersAreCheckedAsTheLibraryChecksThemTest {
  private static final String PLAIN_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  private static final String OTHER_CHARACTERS = " \"\\/:;,=&+%{}[]'#!*éあ\t";

  private static OpenAPIContract contract;
  private static ApiContract asShipped;
  private static List<Parameter> parameters;

  @BeforeAll
  static void load(Vertx vertx) {
    contract = ApiContract.load(vertx, ApiVerticle.CONTRACT).await().contract();
    asShipped = ApiContract.loadAsShipped(vertx, ApiVerticle.CONTRACT).await();
    parameters = new ArrayList<>();
    for (Operation op : contract.operations()) {
      parameters.addAll(op.getParameters());
    }
  }

  @Test
  void aPlainValueIsWhatTheLibrarysTransformersMakeOfIt() {
    Parameter text = stringParameters().get(0);
    SoftAssertions softly = new SoftAssertions();
    int plain = 0;
    for (String value : values(5000)) {
      if (RequestChecks.isPlain(value)) {
        softly
            .assertThat(new SimpleTransformer().transform(text, value))
            .as(value)
            .isEqualTo(value);
        softly.assertThat(new FormTransformer().transform(text, value)).as(value).isEqualTo(value);
        plain++;
      }
    }
    softly.assertAll();
    assertThat(plain).isGreaterThan(1000);
  }

  @Test
  void whatLooksLikeJsonIsNotPlain() {
    for (String value :
        List.of(
            "", "true", "false", "null", "NaN", "Infinity", "1", "-1", "1.5", "1e3", "tx", "n-1")) {
      assertThat(RequestChecks.isPlain(value)).as(value).isFalse();
    }
    assertThat(RequestChecks.isPlain("P-0001")).isTrue();
    assertThat(RequestChecks.isPlain("BENCH-000001")).isTrue();
  }

  @Test
  void everyParameterGetsTheLibrarysAnswerForEveryValue(Vertx vertx) {
    RequestValidatorImpl library = new RequestValidatorImpl(vertx, contract);
    RequestChecks ours =
        new RequestChecks(
            vertx, new ContractWithPreparedSchemas(asShipped.contract(), asShipped.schemas()));
    List<String> values = new ArrayList<>(values(300));
    values.addAll(
        List.of(
            "P-0001",
            "not valid",
            "2026-01-31",
            "2026-1-31",
            "card",
            "api",
            "Card",
            "9e99",
            "\"quoted\"",
            "a\\nb",
            "0",
            "-3",
            "x".repeat(60)));
    SoftAssertions softly = new SoftAssertions();
    int compared = 0;
    for (Operation op : contract.operations()) {
      List<Parameter> shipped = asShipped.contract().operation(op.getOperationId()).getParameters();
      for (int i = 0; i < op.getParameters().size(); i++) {
        Parameter parameter = op.getParameters().get(i);
        Parameter same = shipped.get(i);
        for (String value : values) {
          RequestParameter raw = new RequestParameterImpl(value);
          softly
              .assertThat(answer(() -> ours.validateParameter(same, raw)))
              .as(parameter.getName() + " = " + value)
              .isEqualTo(answer(() -> library.validateParameter(parameter, raw)));
          compared++;
        }
        softly
            .assertThat(answer(() -> ours.validateParameter(same, null)))
            .as(parameter.getName() + " missing")
            .isEqualTo(answer(() -> library.validateParameter(parameter, null)));
      }
    }
    softly.assertAll();
    assertThat(compared).isGreaterThan(5000);
  }

  private static List<Parameter> stringParameters() {
    return parameters.stream().filter(p -> p.getSchemaType() == SchemaType.STRING).toList();
  }

  /** Random values, mostly of plain characters, some with others; the same on every run. */
  private static List<String> values(int count) {
    Random random = new Random(15);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder value = new StringBuilder();
      int length = 1 + random.nextInt(14);
      for (int j = 0; j < length; j++) {
        String from = random.nextInt(10) == 0 ? OTHER_CHARACTERS : PLAIN_CHARACTERS;
        value.append(from.charAt(random.nextInt(from.length())));
      }
      values.add(value.toString());
    }
    return values;
  }

  /** The validated value, or the error as the API would tell it. */
  private static String answer(Supplier<RequestParameter> check) {
    try {
      Object value = check.get().get();
      return "value " + (value == null ? "null" : value.getClass().getSimpleName() + " " + value);
    } catch (ValidatorException e) {
      return "error "
          + e.getClass().getSimpleName()
          + " "
          + e.type()
          + " "
          + ValidationProblems.of(e).encode();
    } catch (RuntimeException e) {
      return "thrown " + e.getClass().getName() + " " + e.getMessage();
    }
  }
}
