package jp.oqsgateway.gateway.patients;

/** How a request to link a qualification to a chart patient ended. */
public sealed interface LinkOutcome {
  /** A new active link. */
  record Created(PatientLink link) implements LinkOutcome {}

  /** The patient already held the qualification: nothing changed. */
  record AlreadyLinked(PatientLink link) implements LinkOutcome {}

  /** Another chart patient holds the qualification (or the check): a person must sort it out. */
  record HeldByAnother(String otherChartPatientId, java.util.Optional<java.util.UUID> linkId)
      implements LinkOutcome {}
}
