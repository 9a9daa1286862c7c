package jp.oqsgateway.agent.reader;

/** Names a PC/SC reader: which readerId and desk it is (from the configuration). */
@FunctionalInterface
public interface ReaderNaming {
  ReaderIdentity identify(String pcscReaderName);
}
