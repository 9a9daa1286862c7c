package jp.oqsgateway.gateway.oqs.simulator;

/**
 * What the person agrees to at the face reader (マイナ保険証, outpatient): one flag per item of
 * OQS-PROTOCOL.md §2.4, and the prescription form chosen (OQSCD017).
 */
public record ConsentProfile(
    boolean limit,
    boolean specificDiseases,
    boolean checkups,
    boolean pharmacists,
    boolean diagnosis,
    boolean operation,
    String prescriptionIssueSelect) {}
