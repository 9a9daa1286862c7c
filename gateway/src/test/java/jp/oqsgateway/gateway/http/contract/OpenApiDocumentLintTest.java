package jp.oqsgateway.gateway.http.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jp.oqsgateway.gateway.http.ApiVerticle;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document as chart vendors' tools read it. swagger-parser is the parser under
 * openapi-generator and many IDE plugins; the build also generates a client from the document with
 * openapi-generator's own validation on (gateway/pom.xml), and {@code redocly lint} reports no
 * error on it (docs/CHART-API.md).
 */
class OpenApiDocumentLintTest {
  @Test
  void swaggerParserReadsTheDocumentWithoutASingleMessage() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIParser().readContents(ContractYaml.text(ApiVerticle.CONTRACT), null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(
            result
                .getOpenAPI()
                .getComponents()
                .getSchemas()
                .get("ReinquiryEligibility")
                .getRequired())
        .contains("on");
  }

  @Test
  void noKeyOfTheDocumentIsABooleanOrTheCutOffRestOfADescription() {
    assertThat(ContractYaml.misreadKeys(ContractYaml.tree(ApiVerticle.CONTRACT), "")).isEmpty();
  }

  @Test
  void aKeyNamedOnOrADescriptionCutAtACommaWouldBeFound() {
    Object misread =
        new org.yaml.snakeyaml.Yaml()
            .load(
                "schema:\n  properties:\n    on: { type: string }\n"
                    + "    message: { type: string, description: for staff, in Japanese }\n");

    assertThat(ContractYaml.misreadKeys(misread, ""))
        .containsExactlyInAnyOrder(
            "/schema/properties/true (read as Boolean)", "/schema/properties/message/in Japanese");
  }
}
