package jp.oqsgateway.gateway.homevisit;

/**
 * The consented-patient import's setting.
 *
 * @param defaultCareForm the care form of a relationship an imported 訪問診療等 consent opens for a
 *     patient who has none
 */
public record ImportConfig(CareForm defaultCareForm) {}
