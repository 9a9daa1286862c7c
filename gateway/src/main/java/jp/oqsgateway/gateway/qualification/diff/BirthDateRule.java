package jp.oqsgateway.gateway.qualification.diff;

/** 生年月日: part of the key of every OQS inquiry and of the claim. */
final class BirthDateRule implements DiffRule {
  @Override
  public void apply(DiffContext ctx) {
    if (ctx.oqs.birthdate().equals(ctx.chart.birthDate())) {
      return;
    }
    boolean missing = ctx.chart.birthDate() == null;
    ctx.add(
        Fields.BIRTH_DATE,
        Display.date(ctx.chart.birthDate()),
        Display.date(ctx.oqs.birthdate()),
        missing ? Severity.UPDATE : Severity.BLOCKING,
        missing ? "生年月日が登録されていません。" : "生年月日が異なります。別人の資格が紐付いていないか確認してください。このままでは請求が返戻されます。");
    ctx.proposal.record.birthDate(ctx.oqs.birthdate());
  }
}
