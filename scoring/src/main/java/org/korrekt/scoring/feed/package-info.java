/**
 * The person history's live feed: facts the agency's registers report after the history log was
 * written, recorded in PostgreSQL and applied to every instance's in-memory history.
 */
package org.korrekt.scoring.feed;
