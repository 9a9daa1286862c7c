package jp.oqsgateway.gateway.backup;

import java.nio.file.Path;

/**
 * A key or secret a backup carries, by a stable name (its place in the backup) and where this
 * gateway keeps it; a restore puts it where the restoring gateway's configuration says.
 *
 * @param directory a folder whose whole tree is carried (the keys folder), else one file
 */
public record KeyLocation(String name, Path path, boolean directory) {}
