package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;

/**
 * The folder shared with the terminal, whether missing folders are created, the free-space floor.
 */
public record ExchangeFoldersConfig(Path root, boolean createFolders, long minFreeBytes) {}
