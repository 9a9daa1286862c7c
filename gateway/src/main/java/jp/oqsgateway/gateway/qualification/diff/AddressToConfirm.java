package jp.oqsgateway.gateway.qualification.diff;

/**
 * OQS's address proposed for the chart, for a person to confirm with the patient before it is
 * applied: the address is the one registered with the insurer, which may be out of date or absent
 * (CLINICS FAQ Q2-3), so it is never to be copied without asking.
 *
 * @param value the address OQS returned
 * @param reason why it is proposed: {@code differs-from-chart} or {@code chart-has-none}
 * @param message what staff do, in Japanese
 */
public record AddressToConfirm(String value, String reason, String message) {
  public static final String DIFFERS = "differs-from-chart";
  public static final String CHART_HAS_NONE = "chart-has-none";
}
