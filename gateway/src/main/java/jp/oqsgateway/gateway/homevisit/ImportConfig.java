package jp.oqsgateway.gateway.homevisit;

import java.util.List;
import jp.oqsgateway.gateway.consented.ConsentedForm;

/**
 * The consented-patient import's setting.
 *
 * @param defaultCareForm the care form of a relationship an imported 訪問診療等 consent opens for a
 *     patient who has none
 * @param scheduledForms the retrievals a scheduled consented-import job makes
 */
public record ImportConfig(CareForm defaultCareForm, List<ConsentedForm> scheduledForms) {}
