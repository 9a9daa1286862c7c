// What a check's answer means, in the words reception staff use (the labels are OQS's own code labels
// where the gateway sends them). Nothing here builds markup: callers set these strings with textContent.

const one = (v) => (Array.isArray(v) ? v[0] : v);
const code = (v) => one(v)?.code ?? (typeof v === 'string' ? v : undefined);
const label = (v) => one(v)?.label ?? undefined;

/** The first result of an answer (a card reading or an individual check has one). */
export function firstResult(check) {
  return one(check?.qualification?.results) ?? null;
}

/**
 * The qualification in plain words: {word, tone, reason}. tone: ok | ng | warn. 資格喪失 when the answer
 * carries a loss date or reason, with the reason and the date.
 */
export function validityWords(check) {
  const q = check?.qualification ?? {};
  const r = firstResult(check) ?? {};
  const c = code(q.qualificationValidity);
  const lossDate = one(r.disqualificationDate);
  const lossReason = label(r.reasonOfLoss);
  if (c === '1') return { word: '有効', tone: 'ok' };
  if (c === '6') return { word: '有効', tone: 'ok', reason: '医療扶助（未登録）' };
  if (c === '2' && (lossDate || lossReason)) {
    const parts = [lossReason && '事由: ' + lossReason, lossDate && '喪失日: ' + lossDate].filter(Boolean);
    return { word: '資格喪失', tone: 'ng', reason: parts.join('　') };
  }
  if (c === '2') return { word: '無効', tone: 'ng' };
  if (c === '3') return { word: '無効', tone: 'ng', reason: '新しい資格があります。新しい資格の確認をしてください。' };
  if (c === '4') return { word: '該当資格なし', tone: 'ng' };
  if (c === '5') return { word: '複数該当', tone: 'warn', reason: 'どの資格で受診するか患者さんに確認してください。' };
  return { word: label(q.qualificationValidity) || '不明', tone: 'warn' };
}

/** 3割 from 30 (percent) */
export function ratioWords(percent) {
  const n = Number(percent);
  return Number.isFinite(n) && n > 0 ? (n % 10 === 0 ? n / 10 + '割' : n + '%') : '';
}

/** 負担割合 as OQS states it (後期高齢者: 一部負担金割合; 70–74: 高齢受給者証), else '' (the chart derives it). */
export function copayPercent(result) {
  const r = result ?? {};
  const own = Number(one(r.insuredPartialContributionRatio));
  if (own > 0) return own;
  const elderly = Number(one(one(r.elderlyRecipientCertificateInfo)?.elderlyRecipientContributionRatio));
  return elderly > 0 ? elderly : null;
}

const isLateElderly = (r) => String(one(r?.insurerNumber) ?? '').startsWith('39');

/** 後期高齢者の所得区分: 1割 一般Ⅰ, 2割 一般Ⅱ, 3割 現役並み; '' for others. */
export function incomeClassWords(result) {
  if (!isLateElderly(result)) return '';
  const p = Number(one(result.insuredPartialContributionRatio));
  return { 10: '一般Ⅰ', 20: '一般Ⅱ', 30: '現役並み' }[p] ?? '';
}

const consented = (flag) => code(flag) === '1';

/** 限度額適用区分 when the patient consented, '同意なし' when asked and refused, '' when not in the answer. */
export function limitWords(result) {
  const r = result ?? {};
  const info = one(r.limitApplicationCertificateRelatedInfo);
  if (info) {
    const flag = one(info.limitApplicationCertificateClassificationFlag);
    const category = label(flag) || code(flag) || '記載なし';
    const kind = label(info.limitApplicationCertificateClassification);
    return (category.startsWith('区分') ? category : '区分 ' + category) + (kind ? '（' + kind + '）' : '');
  }
  if (r.limitApplicationCertificateRelatedConsFlg !== undefined && !consented(r.limitApplicationCertificateRelatedConsFlg)) {
    return '情報提供の同意なし';
  }
  return '';
}

/** 特定疾病療養受療証, one line each, when consented. */
export function specificDiseaseWords(result) {
  const r = result ?? {};
  let list = r.specificDiseasesCertificateList;
  list = one(list)?.specificDiseasesCertificateInfo ?? list;
  const items = (Array.isArray(list) ? list : list ? [list] : []).map((d) => {
    const cat = one(d.specificDiseasesDiseaseCategory);
    const pay = one(d.specificDiseasesSelfPay);
    return (label(cat) || code(cat) || '特定疾病') + (pay !== undefined ? '（自己負担限度額 ' + Number(pay).toLocaleString('ja-JP') + '円）' : '');
  });
  if (items.length) return items;
  if (r.specificDiseasesCertificateRelatedConsFlg !== undefined && !consented(r.specificDiseasesCertificateRelatedConsFlg)) {
    return ['情報提供の同意なし'];
  }
  return [];
}

/** What to do next when a check ended without an answer, by its failure reason. */
const NEXT_STEP = {
  OQS_ERROR: 'オンライン資格確認システムが照会を受け付けませんでした。表示された内容を確認し、患者さんに「資格情報のお知らせ」かマイナポータルの資格情報画面を見せてもらってください。',
  LINK_DOWN: '資格確認端末と連携できません。患者さんに「資格情報のお知らせ」かマイナポータルの資格情報画面を見せてもらい、どちらもなければ「被保険者資格申立書」を記入してもらってください。',
  TIMED_OUT: '資格確認端末から時間内に応答がありませんでした。少し待ってからカードをもう一度置いてください。続くときは運用担当に連絡してください。',
  OUTCOME_UNKNOWN: '照会が届いたか分かりません。二重の照会を避けるため、運用担当が運用画面で確認してから再送します。',
  INVALID_REQUEST: '照会の内容に誤りがあります。カルテの保険情報（保険者番号・記号・番号・生年月日）を確認してください。',
  INVALID_RESULT: '資格確認端末の応答を読み取れませんでした。運用担当に連絡してください。',
  REQUEST_NUMBERS_USED_UP: '本日送れる照会の件数（9999件）をすべて使いました。明日まで照会できません。患者さんに「資格情報のお知らせ」かマイナポータルの資格情報画面を見せてもらい、運用担当に連絡してください。',
};

export function nextStep(reason) {
  return NEXT_STEP[reason] ?? '運用担当に連絡してください。';
}

/** What OQS's own refusal (処理結果状況 = エラー) means for the desk. */
export function refusalNextStep() {
  return '入力内容（カードの向き・暗証番号・保険情報）を確認し、もう一度お試しください。解決しないときは「資格情報のお知らせ」かマイナポータルの資格情報画面で確認してください。';
}

export const FIELD_LABELS = {
  qualification: '資格', insurerNumber: '保険者番号', symbol: '記号', number: '番号', branch: '枝番',
  personalFamily: '本人・家族', birthDate: '生年月日', name: '氏名', nameKana: 'カナ氏名', address: '住所',
  postNumber: '郵便番号', validFrom: '有効開始日', validTo: '有効終了日', copayRatio: '負担割合',
  copayPercent: '負担割合', elderlyRecipientRatio: '高齢受給者の負担割合', elderlyRecipientPercent: '高齢受給者の負担割合',
  limitCategory: '限度額適用区分', specificDisease: '特定疾病', specificDiseases: '特定疾病',
  medicalAidPayerNumber: '公費負担者番号', medicalAidRecipientNumber: '公費受給者番号', medicalAid: '公費',
};

export const SEVERITY_WORDS = { BLOCKING: '要確認', UPDATE: '更新', COSMETIC: '表記' };

export const SOURCE_WORDS = { card: 'マイナ保険証', face: '顔認証', api: 'カルテから' };

export const CARD_ERROR_WORDS = {
  WRONG_PIN: '暗証番号が違います',
  PIN_LOCKED: '暗証番号がロックされています。市区町村の窓口での解除が必要です。顔認証か「資格情報のお知らせ」で確認してください。',
  CARD_EXPIRED: 'カードの電子証明書の有効期限が切れています。「資格情報のお知らせ」等で確認してください。',
  UNREADABLE: 'カードを読み取れませんでした。置き直してください。',
  NOT_MYNUMBER: 'マイナンバーカードではありません。',
  PIN_CANCELLED: '暗証番号の入力が取り消されました。',
};

export const TASK_REASON_WORDS = {
  UNKNOWN_CARD: '初めてのカードです。患者さんを探して紐付けてください。',
  NO_QUALIFICATION_LINK: 'このカードの患者さんに資格情報がまだ紐付いていません。患者さんを選んで紐付けてください。',
};

/** How a record value reads (percent → 割, objects → their numbers). */
export function valueWords(key, v) {
  if (v === undefined || v === null || v === '') return '';
  if (/Percent$/.test(key)) return ratioWords(v);
  if (key === 'personalFamily') return { 1: '本人', 2: '家族' }[v] ?? String(v);
  if (Array.isArray(v)) return v.map((x) => valueWords(key, x)).join('、');
  if (typeof v === 'object') {
    if (v.category !== undefined) return v.category + (v.selfPay !== undefined ? '（' + v.selfPay + '円）' : '');
    if (v.payerNumber !== undefined) return v.payerNumber + ' / ' + v.recipientNumber;
    return Object.values(v).filter((x) => typeof x !== 'object').join(' ');
  }
  return String(v);
}
