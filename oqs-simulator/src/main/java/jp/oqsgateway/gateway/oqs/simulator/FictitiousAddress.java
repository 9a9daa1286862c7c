package jp.oqsgateway.gateway.oqs.simulator;

import java.util.Random;

/**
 * A person's address as the insurer registered it and as the clinic's chart holds it: the same, a
 * case variant (Ｂ棟 → b棟, half-width digits), a width variant (half-width digits and spaces) or
 * really another address (moved), so that address matching meets every case.
 *
 * @param tag the {@code chartAddress:*} tag naming the variant
 */
record FictitiousAddress(String address, String chartAddress, String post, String tag) {
  private static final String[] KANJI_NUMBERS = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};

  /** Six draws, in this order: 丁目, 番, 号, variant, room, post code. */
  static FictitiousAddress draw(Random rnd) {
    int chome = rnd.nextInt(9);
    String ban = toFullWidth(String.valueOf(1 + rnd.nextInt(20)));
    String go = toFullWidth(String.valueOf(1 + rnd.nextInt(30)));
    int variant = rnd.nextInt(20);
    boolean building = variant >= 8 && variant < 12;
    String room = toFullWidth(String.valueOf(101 + rnd.nextInt(5) * 100 + rnd.nextInt(4)));
    String street = "東京都架空区見本町" + KANJI_NUMBERS[chome] + "丁目" + ban + "番" + go + "号";
    String address = building ? street + "　見本ハイツＢ棟" + room : street;
    String post = "199-00" + String.format("%02d", 1 + chome * 10 + rnd.nextInt(10));
    if (variant < 8) {
      return new FictitiousAddress(address, address, post, "chartAddress:same");
    } else if (variant < 12) {
      String chart = toHalfWidthAscii(street) + " 見本ハイツb棟" + toHalfWidthAscii(room);
      return new FictitiousAddress(address, chart, post, "chartAddress:case");
    } else if (variant < 16) {
      return new FictitiousAddress(address, toHalfWidthAscii(address), post, "chartAddress:width");
    }
    String moved = "東京都架空区試験町" + KANJI_NUMBERS[(chome + 3) % 9] + "丁目" + go + "番" + ban + "号";
    return new FictitiousAddress(address, moved, post, "chartAddress:moved");
  }

  private static String toFullWidth(String ascii) {
    StringBuilder sb = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      sb.append(c >= '!' && c <= '~' ? (char) (c - '!' + '！') : c);
    }
    return sb.toString();
  }

  private static String toHalfWidthAscii(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= '！' && c <= '～' ? (char) (c - '！' + '!') : c == '　' ? ' ' : c);
    }
    return sb.toString();
  }
}
