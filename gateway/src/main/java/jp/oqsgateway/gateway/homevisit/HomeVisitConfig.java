package jp.oqsgateway.gateway.homevisit;

import jp.oqsgateway.gateway.oqs.message.MessageKind;

/**
 * The home-visit re-inquiry: its rules, the file it is sent as, and whether card readings use it.
 */
public record HomeVisitConfig(ReinquiryRules rules, MessageKind reinquiryFile, boolean fromCards) {}
