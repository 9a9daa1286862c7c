package jp.oqsgateway.gateway.oqs.bulk;

/**
 * The two phases of a bulk exchange (docs/OQS-PROTOCOL.md §2.5): the upload ({@code …01}), answered
 * with a ReceptionNumber, and the download ({@code …02}) by that number.
 */
public enum BulkPhase {
  UPLOAD,
  DOWNLOAD
}
