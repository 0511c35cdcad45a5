package dev.eventstore.jdbc.internal;

/**
 * The statements of the subject keys table of crypto-shredding, of one dialect. Not API.
 *
 * @param create creates the table if it is missing
 * @param find {@code subject} → {@code key_id, key_material}
 * @param insert {@code subject, key_id, key_material}: inserts unless the subject has a key
 * @param delete {@code subject}
 */
public record KeyTableSql(String create, String find, String insert, String delete) {

    /**
     * @param table the table's name, qualified and quoted as the dialect needs
     * @param bytes the column type of the key's bytes
     * @return the statements on that table
     */
    public static KeyTableSql of(String table, String bytes) {
        return new KeyTableSql(
                "CREATE TABLE IF NOT EXISTS " + table + " (subject VARCHAR(200) PRIMARY KEY, key_id VARCHAR(64) NOT NULL, "
                        + "key_material " + bytes + " NOT NULL)",
                "SELECT key_id, key_material FROM " + table + " WHERE subject = ?",
                "INSERT INTO " + table + " (subject, key_id, key_material) VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING",
                "DELETE FROM " + table + " WHERE subject = ?");
    }
}
