package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.Random;

/**
 * What every family of simulated persons draws from: the drafts it adds to, the coverages it gives
 * them, the population's random source and its base day.
 */
abstract class PersonCases {
  final PersonDrafts drafts;
  final CoverageFactory cover;
  final Random rnd;
  final LocalDate base;

  PersonCases(PersonDrafts drafts, CoverageFactory cover) {
    this.drafts = drafts;
    this.cover = cover;
    this.rnd = drafts.rnd();
    this.base = drafts.base();
  }
}
