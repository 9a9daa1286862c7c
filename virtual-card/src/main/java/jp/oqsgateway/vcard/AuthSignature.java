package jp.oqsgateway.vcard;

import static jp.oqsgateway.vcard.StatusWords.SW_NO_CURRENT_EF;
import static jp.oqsgateway.vcard.StatusWords.SW_OK;
import static jp.oqsgateway.vcard.StatusWords.SW_SECURITY_NOT_SATISFIED;
import static jp.oqsgateway.vcard.StatusWords.SW_UNKNOWN;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_LENGTH;
import static jp.oqsgateway.vcard.StatusWords.SW_WRONG_P1P2;
import static jp.oqsgateway.vcard.StatusWords.sw;
import static jp.oqsgateway.vcard.StatusWords.withSw;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import javax.crypto.Cipher;

/**
 * COMPUTE DIGITAL SIGNATURE ({@code 80 2A 00 80}) with the RSA-2048 authentication key (EF 0017),
 * allowed once the authentication PIN is verified.
 */
final class AuthSignature {
  private final PrivateKey authKey;

  AuthSignature(PrivateKey authKey) {
    this.authKey = authKey;
  }

  /**
   * @param keySelected whether the JPKI AP and its authentication-key EF are selected
   * @param pinVerified whether the authentication PIN is verified
   */
  byte[] sign(CommandApdu apdu, boolean keySelected, boolean pinVerified) {
    if (apdu.p1 != 0x00 || apdu.p2 != 0x80) {
      return sw(SW_WRONG_P1P2);
    }
    if (apdu.data == null) {
      return sw(SW_WRONG_LENGTH);
    }
    if (!keySelected) {
      return sw(SW_NO_CURRENT_EF);
    }
    if (!pinVerified) {
      return sw(SW_SECURITY_NOT_SATISFIED);
    }
    try {
      // RSA with PKCS#1 v1.5 block type 1 over the host's DigestInfo ("hash none, pad PKCS1").
      Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      rsa.init(Cipher.ENCRYPT_MODE, authKey);
      return withSw(rsa.doFinal(apdu.data), SW_OK);
    } catch (javax.crypto.IllegalBlockSizeException e) {
      return sw(SW_WRONG_LENGTH); // longer than the key allows with padding
    } catch (GeneralSecurityException e) {
      return sw(SW_UNKNOWN);
    }
  }
}
