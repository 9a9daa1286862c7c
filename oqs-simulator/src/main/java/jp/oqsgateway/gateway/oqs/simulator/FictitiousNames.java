package jp.oqsgateway.gateway.oqs.simulator;

import java.util.Random;

/** The family and given names of the fictitious persons, in kanji and full-width katakana. */
final class FictitiousNames {
  /** One part of a name: as written and as read. */
  record NamePart(String kanji, String kana) {}

  private static final NamePart[] FAMILY = {
    new NamePart("佐藤", "サトウ"), new NamePart("鈴木", "スズキ"), new NamePart("高橋", "タカハシ"),
    new NamePart("田中", "タナカ"), new NamePart("伊藤", "イトウ"), new NamePart("渡辺", "ワタナベ"),
    new NamePart("山本", "ヤマモト"), new NamePart("中村", "ナカムラ"), new NamePart("小林", "コバヤシ"),
    new NamePart("加藤", "カトウ"), new NamePart("吉川", "ヨシカワ"), new NamePart("山田", "ヤマダ"),
    new NamePart("佐々木", "ササキ"), new NamePart("松本", "マツモト"), new NamePart("井上", "イノウエ"),
    new NamePart("木村", "キムラ"), new NamePart("林", "ハヤシ"), new NamePart("清水", "シミズ"),
    new NamePart("見本", "ミホン"), new NamePart("試験", "シケン"), new NamePart("標本", "ヒョウホン"),
    new NamePart("架空", "カクウ"), new NamePart("森", "モリ"), new NamePart("池田", "イケダ")
  };
  private static final NamePart[] MALE = {
    new NamePart("太郎", "タロウ"), new NamePart("一郎", "イチロウ"), new NamePart("健一", "ケンイチ"),
    new NamePart("誠", "マコト"), new NamePart("浩", "ヒロシ"), new NamePart("翔太", "ショウタ"),
    new NamePart("大輔", "ダイスケ"), new NamePart("正", "タダシ"), new NamePart("茂", "シゲル"),
    new NamePart("勇", "イサム"), new NamePart("拓也", "タクヤ"), new NamePart("蓮", "レン")
  };
  private static final NamePart[] FEMALE = {
    new NamePart("花子", "ハナコ"), new NamePart("洋子", "ヨウコ"), new NamePart("恵子", "ケイコ"),
    new NamePart("美咲", "ミサキ"), new NamePart("陽菜", "ヒナ"), new NamePart("トメ", "トメ"),
    new NamePart("幸子", "サチコ"), new NamePart("由美", "ユミ"), new NamePart("愛", "アイ"),
    new NamePart("和子", "カズコ"), new NamePart("結衣", "ユイ"), new NamePart("節子", "セツコ")
  };

  private FictitiousNames() {}

  /** One draw. */
  static NamePart family(Random rnd) {
    return FAMILY[rnd.nextInt(FAMILY.length)];
  }

  /** One draw. */
  static NamePart male(Random rnd) {
    return MALE[rnd.nextInt(MALE.length)];
  }

  /** One draw. */
  static NamePart female(Random rnd) {
    return FEMALE[rnd.nextInt(FEMALE.length)];
  }
}
