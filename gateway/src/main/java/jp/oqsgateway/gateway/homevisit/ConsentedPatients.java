package jp.oqsgateway.gateway.homevisit;

import io.vertx.sqlclient.Pool;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.patients.PatientLink;
import jp.oqsgateway.gateway.patients.PatientLinkStore;

/**
 * The consented-patient import as the gateway wires it: the import the nightly retrieval calls with
 * each downloaded result ({@link ConsentedImports}), the queue of the units a person decides, and
 * those decisions.
 */
public record ConsentedPatients(
    ConsentedImports imports, ConsentedImportQueue queue, ConsentedImportDecisions decisions) {

  /**
   * @param onLinkCreated called once a new link committed (the automatic 照会番号 registration)
   * @param defaultForm the care form of a relationship opened for a patient who has none
   */
  public static ConsentedPatients create(
      Pool pool,
      PatientLinkStore links,
      HomeVisitStore relationships,
      Consumer<PatientLink> onLinkCreated,
      CareForm defaultForm) {
    ConsentedImportQueue queue = new ConsentedImportQueue(pool);
    ConsentedLinking linking =
        new ConsentedLinking(
            onLinkCreated,
            relationships,
            defaultForm,
            new ImportedScopes(pool, relationships, new ConsentScopes(pool)));
    return new ConsentedPatients(
        new ConsentedImports(pool, links, queue, linking),
        queue,
        new ConsentedImportDecisions(pool, links, queue, linking));
  }
}
