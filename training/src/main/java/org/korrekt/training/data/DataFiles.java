package org.korrekt.training.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The Parquet files behind a data location, on any Hadoop file system (local, {@code file:},
 * {@code hdfs://}). A location is one of:
 *
 * <ul>
 *   <li>a file: read as it is, whatever its name;
 *   <li>a folder of part files: its {@code *.parquet} files (not those of sub-folders);
 *   <li>a glob in Hadoop's syntax ({@code *}, {@code ?}, {@code [a-c]}, {@code {a,b}}), e.g.
 *       {@code dir/part-*.parquet} or {@code hdfs://namenode/claims/year=202[34]}: every matched
 *       {@code *.parquet} file, and the {@code *.parquet} files of every matched folder.
 * </ul>
 *
 * <p>Names starting with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc} files, a writer's
 * temporary files) are never data, even when a glob matches them. The files come sorted by their
 * full path, each once, so that a table made of part files is read in a stable order.
 *
 * <p>Stateless and thread-safe (the Hadoop {@link FileSystem}s it asks are).
 */
public final class DataFiles {

    /** The suffix a data file has when it is found through a folder or a glob. */
    public static final String PARQUET_SUFFIX = ".parquet";

    private DataFiles() {}

    /**
     * Lists the Parquet files of {@code location}.
     *
     * @param location a file, a folder or a glob, as a Hadoop URI ({@code file:}, {@code hdfs://})
     * @param conf the Hadoop configuration that resolves the file system
     * @return at least one file, sorted by path
     * @throws FileNotFoundException if a location that is not a glob does not exist
     * @throws IOException naming the location when a glob matches nothing, when the folder or the
     *     matches hold no {@code .parquet} file, or when the file system cannot be read
     */
    public static List<Path> list(URI location, Configuration conf) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(conf);
        if (!isGlob(path)) {
            FileStatus status = fs.getFileStatus(path); // FileNotFoundException names the path
            if (status.isFile()) {
                return List.of(status.getPath());
            }
            List<Path> files = partFiles(fs, status.getPath());
            if (files.isEmpty()) {
                String partitions = partitionGlob(fs, status.getPath());
                throw new IOException("no .parquet files in folder " + location
                        + (partitions == null
                                ? ""
                                : "; its sub-folders are partitions (key=value), read them with the glob '"
                                        + location.toString().replaceAll("/+$", "") + partitions + "'"));
            }
            return files;
        }
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
            throw new FileNotFoundException("no file or folder matches the glob " + location);
        }
        TreeSet<Path> files = new TreeSet<>();
        for (FileStatus match : matches) {
            if (match.isDirectory()) {
                files.addAll(partFiles(fs, match.getPath()));
            } else if (isDataFile(match)) {
                files.add(match.getPath());
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no .parquet files in the " + matches.length + " match(es) of the glob " + location
                    + " (first: " + matches[0].getPath() + ")");
        }
        return List.copyOf(files);
    }

    /** Whether the path holds glob characters, and is listed by matching rather than as one file or folder. */
    private static boolean isGlob(Path path) {
        String text = path.toUri().getPath();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /**
     * What to add to {@code folder} for the glob that reads its partitions ({@code /year=*}{@code
     * /month=*}), or null when no sub-folder is named {@code key=value}. Each level is the key of
     * its first such sub-folder, in name order.
     */
    private static String partitionGlob(FileSystem fs, Path folder) throws IOException {
        StringBuilder glob = new StringBuilder();
        Path level = folder;
        for (int depth = 0; depth < 10; depth++) {
            Path partition = null;
            for (FileStatus child : fs.listStatus(level)) {
                String name = child.getPath().getName();
                if (child.isDirectory()
                        && name.indexOf('=') > 0
                        && (partition == null || name.compareTo(partition.getName()) < 0)) {
                    partition = child.getPath();
                }
            }
            if (partition == null) {
                break;
            }
            String name = partition.getName();
            glob.append('/').append(name, 0, name.indexOf('=') + 1).append('*');
            level = partition;
        }
        return level == folder ? null : glob.toString();
    }

    private static List<Path> partFiles(FileSystem fs, Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (FileStatus child : fs.listStatus(folder)) {
            if (isDataFile(child)) {
                files.add(child.getPath());
            }
        }
        files.sort(null);
        return files;
    }

    private static boolean isDataFile(FileStatus status) {
        String name = status.getPath().getName();
        return status.isFile() && name.endsWith(PARQUET_SUFFIX) && !name.startsWith("_") && !name.startsWith(".");
    }
}
