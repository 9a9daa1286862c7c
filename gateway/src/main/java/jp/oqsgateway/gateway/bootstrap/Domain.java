package jp.oqsgateway.gateway.bootstrap;

import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.cards.CardStore;
import jp.oqsgateway.gateway.consented.ConsentedRetrievals;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.homevisit.ConsentRecording;
import jp.oqsgateway.gateway.homevisit.ConsentScopes;
import jp.oqsgateway.gateway.homevisit.ConsentedImportJob;
import jp.oqsgateway.gateway.homevisit.ConsentedPatients;
import jp.oqsgateway.gateway.homevisit.HomeVisitMetrics;
import jp.oqsgateway.gateway.homevisit.HomeVisitStore;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.ReinquiryFollowUp;
import jp.oqsgateway.gateway.homevisit.ReinquiryOutcomes;
import jp.oqsgateway.gateway.homevisit.VisitReinquiryJob;
import jp.oqsgateway.gateway.homevisit.VisitScheduleStore;
import jp.oqsgateway.gateway.homevisit.VisitsDue;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.medinfo.MedicalInformationRetrieval;
import jp.oqsgateway.gateway.medinfo.MedicalInformationStore;
import jp.oqsgateway.gateway.ops.AgentConnections;
import jp.oqsgateway.gateway.oqs.bulk.BulkExchange;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.patients.PatientQualifications;
import jp.oqsgateway.gateway.patients.ReferenceAssignment;
import jp.oqsgateway.gateway.patients.ReferenceRegistrationJob;
import jp.oqsgateway.gateway.patients.ReferenceRegistrationStore;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations;
import jp.oqsgateway.gateway.qualification.CheckStore;
import jp.oqsgateway.gateway.qualification.QualificationChecks;

/**
 * The clinic's workflows wired to their stores and to the file link: qualification checks, home
 * visits, patients, reference-number registrations, the consented-qualification retrieval, cards,
 * the read audit, the reader agents connected now, and the kinds of job the workflows run.
 */
record Domain(
    QualificationChecks checks,
    HomeVisits homeVisits,
    HomeVisitMetrics homeVisitMetrics,
    ConsentedPatients consentedPatients,
    ConsentScopes consentScopes,
    MedicalInformationRetrieval medicalInformation,
    AuditStore auditStore,
    ReadAudit audit,
    PatientQualifications patients,
    PatientLinkStore linkStore,
    CardStore cardStore,
    ReferenceRegistrations references,
    ConsentedRetrievals consented,
    AgentConnections agents,
    List<JobKind> jobKinds) {

  /** Starts the workflows and resumes what a previous run left waiting. */
  static Domain start(GatewayConfig config, Platform platform) {
    Pool pool = platform.pool();
    Outbox outbox = platform.outbox();
    OqsLink link = platform.link();
    // One store per aggregate: the participants that join a check's ending transaction live in it.
    CheckStore checkStore = new CheckStore(pool, outbox);
    PatientLinkStore linkStore = new PatientLinkStore(pool);
    QualificationChecks checks =
        new QualificationChecks(
            platform.vertx(),
            checkStore,
            link,
            config.link().institutionCode(),
            config.staleFallback(),
            platform.metrics().registry(),
            config.homeVisit().reinquiryFile());
    HomeVisits homeVisits =
        new HomeVisits(
            new HomeVisitStore(pool, outbox),
            config.homeVisit().rules(),
            config.link().zone(),
            Clock.systemUTC());
    HomeVisitMetrics homeVisitMetrics = new HomeVisitMetrics(platform.metrics().registry());
    // Participants join the ending transaction before anything left waiting resumes.
    new ReinquiryOutcomes(homeVisits, checks, homeVisitMetrics).attach();
    ConsentScopes consentScopes = new ConsentScopes(pool);
    new ConsentRecording(consentScopes).attach(checks);
    checks.resume().await();
    AuditStore auditStore =
        new AuditStore(
            pool,
            config.link().zone(),
            platform.metrics().registry(),
            config.auditCommitWait(),
            platform.vertx());
    ReadAudit audit = new ReadAudit(auditStore);
    PatientQualifications patients =
        new PatientQualifications(
            checkStore,
            linkStore,
            link,
            config.qualificationFreshFor(),
            config.link().zone(),
            Clock.systemUTC());
    CardStore cardStore = new CardStore(pool, outbox);
    ReferenceRegistrations references =
        new ReferenceRegistrations(
            new ReferenceRegistrationStore(pool),
            linkStore,
            link,
            config.link().institutionCode(),
            config.referenceNumberAutoRegister());
    // Face-reader readings become checks (source face), assigned when their 照会番号 is certain.
    link.onFaceResult(
        checks.cardReadings(
            config.faceReaderDesk(), new ReferenceAssignment(linkStore, references)));
    // Registrations a previous run left WAITING are followed to their end.
    references.resumeWaiting().await();
    ConsentedPatients consentedPatients =
        ConsentedPatients.create(
            pool,
            linkStore,
            homeVisits.store(),
            references::onLinkCreated,
            config.consentedImport().defaultCareForm());
    ConsentedRetrievals consented =
        new ConsentedRetrievals(
            new BulkExchange(link),
            config.link().institutionCode(),
            config.consented(),
            Clock.systemUTC());
    return new Domain(
        checks,
        homeVisits,
        homeVisitMetrics,
        consentedPatients,
        consentScopes,
        new MedicalInformationRetrieval(
            homeVisits,
            consentScopes,
            new MedicalInformationStore(pool),
            link,
            config.link().institutionCode(),
            Clock.systemUTC()),
        auditStore,
        audit,
        patients,
        linkStore,
        cardStore,
        references,
        consented,
        new AgentConnections(event -> outbox.appendAlone(pool, event), Clock.systemUTC()),
        List.of(
            new ConsentedImportJob(
                pool,
                consented,
                consentedPatients.imports(),
                config.consentedImport().scheduledForms()),
            new ReferenceRegistrationJob(platform.vertx(), references),
            visitReinquiry(pool, checkStore, linkStore, checks, homeVisits, patients, config)));
  }

  /** The nightly re-inquiry of a day's visits (a kind of job). */
  private static VisitReinquiryJob visitReinquiry(
      Pool pool,
      CheckStore checkStore,
      PatientLinkStore linkStore,
      QualificationChecks checks,
      HomeVisits homeVisits,
      PatientQualifications patients,
      GatewayConfig config) {
    VisitScheduleStore schedule = new VisitScheduleStore(pool);
    return new VisitReinquiryJob(
        schedule,
        new VisitsDue(schedule, homeVisits, linkStore, checkStore),
        homeVisits,
        checks,
        new ReinquiryFollowUp(
            checks, checkStore, patients, homeVisits, config.homeVisit().visitAlerts()));
  }
}
