package fr.consenti.core.rules;

import fr.consenti.core.calendar.CalendarPolicy;
import fr.consenti.core.calendar.CalleeLocation;
import fr.consenti.core.calendar.CallingCalendar;
import fr.consenti.core.calendar.TimeReason;
import fr.consenti.core.number.FrenchNumber;
import fr.consenti.core.number.NumberKind;
import fr.consenti.core.number.NumberingPlan;
import fr.consenti.core.number.Territory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a call may be made (RULES.md §2–§8): pure, thread-safe, time passed in.
 *
 * <p>Choices the rules leave open, made here:
 * <ul>
 * <li>Regime and ban dates start at 00:00 Europe/Paris, for every territory.</li>
 * <li>"30 calendar days" for the frequency cap: an attempt counts when it happened strictly after the same
 *     local time (callee's zone) 30 calendar days before the call, and strictly before the call. The cap
 *     lifts exactly when the attempt that must leave the window is 30 local days old.</li>
 * <li>The refusal cooldown ends 60 calendar days after the refusal, at the same local time.</li>
 * <li>Consents: validity ends at the earlier of the stated end and collection + {@code consent.maxValidity}
 *     (Europe/Paris), both exclusive. A consent to another professional is ignored, one collected after the
 *     call did not exist yet. Each consent is classified by its strongest defect (withdrawn, then expired,
 *     then out of scope); with several, the most favourable explains the denial (valid, out of scope,
 *     expired, withdrawn): the one closest to allowing the call, so the report says what would fix it.</li>
 * <li>An objection is lifted only by a later consent to the same professional, not collected during an
 *     outbound call, still neither withdrawn nor expired (§4).</li>
 * <li>B2B lines: no consumer rule (consent, list, sector bans under the consumer code, days, hours, cap,
 *     cooldown); still the number, the caller ID, the CPF ban (it protects account holders on every
 *     channel) and the GDPR objection.</li>
 * <li>Stale screening data denies only when the list could change the answer: opt-out calls based on the
 *     list, and opt-in calls on consent when {@code registry.withdrawsConsents} is on.</li>
 * <li>Days, hours, cap and cooldown apply to every consumer call, exempt activities and ongoing contracts
 *     included, from the rule set that brings D223-9 (2023-03-01).</li>
 * </ul>
 */
public final class RulesEngine {

    private static final ZoneId PARIS = RuleSet.PARIS;

    private static final int TIME_MASK = ReasonCode.NOT_A_WORKING_DAY.bit() | ReasonCode.PUBLIC_HOLIDAY.bit()
            | ReasonCode.OUTSIDE_HOURS.bit() | ReasonCode.FREQUENCY_CAP.bit() | ReasonCode.REFUSAL_COOLDOWN.bit();
    private static final int CALENDAR_MASK = ReasonCode.NOT_A_WORKING_DAY.bit() | ReasonCode.PUBLIC_HOLIDAY.bit()
            | ReasonCode.OUTSIDE_HOURS.bit();
    private static final int REASONS_MASK = (1 << ReasonCode.values().length) - 1;
    /** Set with CONSENT_EXPIRED when the consent's own stated end, not the policy cap, expired it. */
    private static final int EXPIRED_BY_STATEMENT = 1 << 30;

    private static final long NPV_REQUIRED_FROM = RuleSet.startOfDayInParis(LocalDate.of(2023, 1, 1));

    private static final int NONE = 0;
    private static final int WITHDRAWN = 1;
    private static final int EXPIRED = 2;
    private static final int OUT_OF_SCOPE = 3;
    private static final int VALID = 4;

    private static final ReasonCode[] CODES = ReasonCode.values();
    private static final ReasonCode[] TIME_REASONS = Arrays.stream(TimeReason.values())
            .map(t -> ReasonCode.valueOf(t.name())).toArray(ReasonCode[]::new);
    private static final Reason[] DEFAULT_REASONS = new Reason[CODES.length];
    private static final Reason[] SECTOR_REASONS = new Reason[Sector.values().length];
    private static final Reason EXPIRED_BY_STATEMENT_REASON =
            Reason.of(ReasonCode.CONSENT_EXPIRED, "C. consom. art. L223-1");
    private static final Reason B2B_OBJECTION_REASON = Reason.of(ReasonCode.OBJECTION, "RGPD art. 21(2)");
    private static final long[] BAN_START = new long[Sector.values().length];
    private static final Decision.Allow[][] ALLOWS = new Decision.Allow[RuleSet.ALL.size()][Basis.values().length];

    static {
        for (ReasonCode c : CODES) {
            DEFAULT_REASONS[c.ordinal()] = Reason.of(c);
        }
        for (Sector s : Sector.values()) {
            SECTOR_REASONS[s.ordinal()] = s.bannedFrom() == null ? null
                    : Reason.of(ReasonCode.SECTOR_BANNED, s.legalReference());
            BAN_START[s.ordinal()] = s.bannedFrom() == null ? Long.MAX_VALUE : RuleSet.startOfDayInParis(s.bannedFrom());
        }
        for (int i = 0; i < RuleSet.ALL.size(); i++) {
            for (Basis b : Basis.values()) {
                ALLOWS[i][b.ordinal()] = new Decision.Allow(b, RuleSet.ALL.get(i));
            }
        }
    }

    private final CallingCalendar hours;
    private final Policies policies;
    private final CalleeLocation[] byTerritory;
    private final ConcurrentHashMap<String, CalleeLocation> byDepartement = new ConcurrentHashMap<>();
    private final OffsetWindow[] offsets = new OffsetWindow[Territory.values().length];
    /** A lower bound of {@code consent.maxValidity} in milliseconds, whatever the month lengths and DST. */
    private final long maxValidityLowerBound;

    /** An engine with the default policies of RULES.md. */
    public RulesEngine() {
        this(Policies.DEFAULTS);
    }

    public RulesEngine(Policies policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.hours = new CallingCalendar(new CalendarPolicy(policies.localHolidays()));
        Territory[] territories = Territory.values();
        this.byTerritory = new CalleeLocation[territories.length];
        for (Territory t : territories) {
            byTerritory[t.ordinal()] = CalleeLocation.of(t);
        }
        Period p = policies.consentMaxValidity();
        this.maxValidityLowerBound = ((p.getYears() * 365L + p.getMonths() * 28L + p.getDays()) * 24 - 2) * 3_600_000L;
    }

    public Policies policies() {
        return policies;
    }

    /** Judges {@code request} on {@code facts} by the rule set in force at the request's instant. */
    public Decision decide(CallRequest request, Facts facts) {
        Instant at = request.at();
        RuleSet rules = RuleSet.at(at);
        CalleeLocation where = location(request);
        int mask = evaluate(request, facts, at, rules, where);
        if (mask == 0) {
            return ALLOWS[index(rules)][basis(request, rules).ordinal()];
        }
        Instant next = (mask & REASONS_MASK & ~TIME_MASK) == 0 ? nextAllowed(request, facts, where, mask) : null;
        return new Decision.Deny(reasons(request, mask), next, rules);
    }

    private static Basis basis(CallRequest r, RuleSet rules) {
        if (r.b2b()) {
            return Basis.B2B;
        }
        if (r.ongoingContract()) {
            return Basis.ONGOING_CONTRACT;
        }
        if (rules.optIn()) {
            return Basis.CONSENT;
        }
        return r.sector().exemptFromOppositionList() ? Basis.EXEMPT_ACTIVITY : Basis.NOT_ON_OPPOSITION_LIST;
    }

    private static int index(RuleSet rules) {
        return rules == RuleSet.FR_2026_08_11 ? 2 : rules == RuleSet.FR_2023_03_01 ? 1 : 0;
    }

    /** Every reason denying the call at {@code at}, as a bit set over {@link ReasonCode#ordinal()}. */
    private int evaluate(CallRequest r, Facts f, Instant at, RuleSet rules, CalleeLocation where) {
        long atMs = at.toEpochMilli();
        int m = 0;
        FrenchNumber callee = r.callee() instanceof FrenchNumber n ? n : null;
        if (callee == null) {
            m |= ReasonCode.NUMBER_INVALID.bit();
        } else if (!callee.callable()) {
            m |= ReasonCode.NUMBER_NOT_CALLABLE.bit();
        }
        if (!callerIdAllowed(r.callerId(), at)) {
            m |= ReasonCode.CALLER_ID_NOT_ALLOWED.bit();
        }
        boolean b2b = r.b2b();
        boolean contract = r.ongoingContract();
        Sector sector = r.sector();
        if (atMs >= BAN_START[sector.ordinal()] && !(contract && sector.contractException())
                && !(b2b && sector != Sector.CPF_TRAINING)) {
            m |= ReasonCode.SECTOR_BANNED.bit();
        }
        Instant objectedAt = f.objectedAt();
        if (objectedAt != null && objectedAt.toEpochMilli() <= atMs && !objectionLifted(r, f, objectedAt, atMs)) {
            m |= ReasonCode.OBJECTION.bit();
        }
        if (b2b) {
            return m;
        }
        boolean stale = f.screeningValidUntil() == null || atMs >= f.screeningValidUntil().toEpochMilli();
        if (rules.optIn()) {
            if (!contract) {
                m |= consentReasons(r, f, atMs);
                if (stale && policies.registryWithdrawsConsents()) {
                    m |= ReasonCode.SCREENING_DATA_STALE.bit();
                }
            }
        } else if (!contract && !sector.exemptFromOppositionList()) {
            OppositionRegistration reg = f.registration();
            if (reg != null && reg.effectiveAt(atMs)) {
                m |= ReasonCode.OPPOSITION_LIST.bit();
            }
            if (stale) {
                m |= ReasonCode.SCREENING_DATA_STALE.bit();
            }
        }
        if (rules.callingHours()) {
            ZoneId zone = where == null ? PARIS : where.zone();
            if (where != null && !inAgreedSlot(f, at, zone)) {
                TimeReason closed = hours.closedReason(at, where);
                if (closed != null) {
                    m |= TIME_REASONS[closed.ordinal()].bit();
                }
            }
            if (f.attemptCount() >= policies.frequencyCap()
                    && countedAttempts(f, atMs, windowStart(at, zone)) >= policies.frequencyCap()) {
                m |= ReasonCode.FREQUENCY_CAP.bit();
            }
            if (!rules.optIn() && f.lastRefusal() != null && atMs < cooldownEnd(f.lastRefusal(), zone, atMs)) {
                m |= ReasonCode.REFUSAL_COOLDOWN.bit();
            }
        }
        return m;
    }

    /**
     * ARCEP 2022-1583: from 2023-01-01 a dialler presents an NPV, dated by the numbering plan (the 2026 ranges
     * open at midnight in their own territory); before, only a hidden or unparseable number was forbidden.
     */
    private boolean callerIdAllowed(CallerId callerId, Instant at) {
        if (!(callerId instanceof CallerId.Number(FrenchNumber number)) || number.kind() == NumberKind.SHORT) {
            return false;
        }
        long atMs = at.toEpochMilli();
        if (atMs < NPV_REQUIRED_FROM) {
            return true;
        }
        return number.kind() != NumberKind.MOBILE && npv(number.nsn(), at);
    }

    /**
     * The plan's NPV status at {@code at}, the date read in the range's own territory as {@code npvAt} reads it,
     * but with the territory's UTC offset remembered until its next change: the zone lookup behind
     * {@code npvAt} was a seventh of a decision.
     */
    private boolean npv(int nsn, Instant at) {
        NumberingPlan plan = NumberingPlan.standard();
        Territory territory = plan.territory(nsn);
        if (territory == null) {
            return false;
        }
        long second = at.getEpochSecond();
        OffsetWindow window = offsets[territory.ordinal()];
        if (window == null || second < window.fromSecond || second >= window.untilSecond) {
            window = OffsetWindow.around(territory.zone(), at);
            // Immutable and final-fielded: a racing reader sees a whole window or the previous one.
            offsets[territory.ordinal()] = window;
        }
        return plan.isNpv(nsn, LocalDate.ofEpochDay(Math.floorDiv(second + window.offsetSeconds, 86_400)));
    }

    /** A zone's UTC offset over the instants from one of its transitions to the next. */
    private record OffsetWindow(long fromSecond, long untilSecond, int offsetSeconds) {

        static OffsetWindow around(ZoneId zone, Instant at) {
            ZoneRules rules = zone.getRules();
            ZoneOffset offset = rules.getOffset(at);
            ZoneOffsetTransition previous = rules.previousTransition(at);
            ZoneOffsetTransition next = rules.nextTransition(at);
            // Whether previousTransition includes {@code at} itself or not, start no earlier than the offset holds.
            long from = previous == null ? Long.MIN_VALUE
                    : previous.getOffsetAfter().equals(offset) ? previous.toEpochSecond() : at.getEpochSecond();
            long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
            return new OffsetWindow(from, until, offset.getTotalSeconds());
        }
    }

    /** The consent family's one reason (the most favourable consent explains), or 0 when a consent is valid. */
    private int consentReasons(CallRequest r, Facts f, long atMs) {
        List<Consent> consents = f.consents();
        int best = NONE;
        long bestExpiredEnd = Long.MIN_VALUE;
        boolean bestExpiredByStatement = false;
        for (int i = 0, n = consents.size(); i < n; i++) {
            Consent c = consents.get(i);
            if (c.professional() != r.professional() || c.collectedAt().toEpochMilli() > atMs) {
                continue;
            }
            int status = status(c, r, f, atMs);
            if (status == VALID) {
                return 0;
            }
            if (status == EXPIRED) {
                long policyEnd = policyEnd(c);
                long statedEnd = c.validUntil() == null ? Long.MAX_VALUE : c.validUntil().toEpochMilli();
                long end = Math.min(policyEnd, statedEnd);
                boolean byStatement = statedEnd < policyEnd;
                // Among expired consents the latest end explains; on a tie the policy is cited, so order never matters.
                if (end > bestExpiredEnd || (end == bestExpiredEnd && !byStatement)) {
                    bestExpiredEnd = end;
                    bestExpiredByStatement = byStatement;
                }
            }
            best = Math.max(best, status);
        }
        return switch (best) {
            case OUT_OF_SCOPE -> ReasonCode.CONSENT_OUT_OF_SCOPE.bit();
            case EXPIRED -> ReasonCode.CONSENT_EXPIRED.bit() | (bestExpiredByStatement ? EXPIRED_BY_STATEMENT : 0);
            case WITHDRAWN -> ReasonCode.CONSENT_WITHDRAWN.bit();
            default -> ReasonCode.NO_CONSENT.bit();
        };
    }

    /** A consent's strongest defect for this call, or VALID. */
    private int status(Consent c, CallRequest r, Facts f, long atMs) {
        if (c.withdrawnAt() != null && c.withdrawnAt().toEpochMilli() <= atMs) {
            return WITHDRAWN;
        }
        OppositionRegistration reg = f.registration();
        if (policies.registryWithdrawsConsents() && reg != null && reg.registeredAt().toEpochMilli() <= atMs
                && c.collectedAt().compareTo(reg.registeredAt()) <= 0) {
            return WITHDRAWN;
        }
        if (expired(c, atMs)) {
            return EXPIRED;
        }
        if (!c.purposes().contains(r.purpose()) || !c.allowsCaller(r.callCentre())) {
            return OUT_OF_SCOPE;
        }
        return VALID;
    }

    private boolean expired(Consent c, long atMs) {
        if (c.validUntil() != null && atMs >= c.validUntil().toEpochMilli()) {
            return true;
        }
        // Most calls fall well inside the policy's validity: skip the calendar arithmetic for them.
        if (atMs < c.collectedAt().toEpochMilli() + maxValidityLowerBound) {
            return false;
        }
        return atMs >= policyEnd(c);
    }

    private long policyEnd(Consent c) {
        return c.collectedAt().atZone(PARIS).plus(policies.consentMaxValidity()).toInstant().toEpochMilli();
    }

    private boolean objectionLifted(CallRequest r, Facts f, Instant objectedAt, long atMs) {
        List<Consent> consents = f.consents();
        for (int i = 0, n = consents.size(); i < n; i++) {
            Consent c = consents.get(i);
            if (c.professional() == r.professional() && c.channel() != ConsentChannel.OUTBOUND_CALL
                    && c.collectedAt().isAfter(objectedAt) && c.collectedAt().toEpochMilli() <= atMs) {
                int status = status(c, r, f, atMs);
                if (status == VALID || status == OUT_OF_SCOPE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inAgreedSlot(Facts f, Instant at, ZoneId zone) {
        List<AgreedSlot> slots = f.agreedSlots();
        if (slots.isEmpty()) {
            return false;
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        for (int i = 0, n = slots.size(); i < n; i++) {
            AgreedSlot s = slots.get(i);
            if (s.date().equals(date) && !time.isBefore(s.start()) && time.isBefore(s.end())) {
                return true;
            }
        }
        return false;
    }

    private long windowStart(Instant at, ZoneId zone) {
        return at.atZone(zone).minusDays(policies.frequencyWindowDays()).toInstant().toEpochMilli();
    }

    private static int countedAttempts(Facts f, long atMs, long windowStart) {
        int counted = 0;
        for (int i = 0, n = f.attemptCount(); i < n; i++) {
            long t = f.attemptEpochMilli(i);
            if (t > windowStart && t < atMs) {
                counted++;
            }
        }
        return counted;
    }

    private long cooldownEnd(Instant refusal, ZoneId zone, long atMs) {
        long days = policies.refusalCooldownDays();
        long nominal = refusal.toEpochMilli() + days * 86_400_000L;
        // A DST change moves the local end by at most an hour: only near it is the calendar needed.
        if (atMs >= nominal + 3_600_000L || atMs < nominal - 3_600_000L) {
            return nominal;
        }
        return refusal.atZone(zone).plusDays(days).toInstant().toEpochMilli();
    }

    /**
     * The first instant the same call is allowed on the same facts, when only time-based rules block it: move
     * to the latest end among the blocking time rules and judge again, until allowed or something else (a new
     * regime, an expired consent) denies it.
     */
    private Instant nextAllowed(CallRequest r, Facts f, CalleeLocation where, int maskAtCall) {
        ZoneId zone = where == null ? PARIS : where.zone();
        Instant t = r.at();
        for (int step = 0; step < 64; step++) {
            int m = step == 0 ? maskAtCall : evaluate(r, f, t, RuleSet.at(t), where);
            if (m == 0) {
                return t;
            }
            if ((m & REASONS_MASK & ~TIME_MASK) != 0) {
                return null;
            }
            long next = t.toEpochMilli();
            if ((m & CALENDAR_MASK) != 0) {
                next = Math.max(next, hours.nextOpen(t, where).toEpochMilli());
            }
            if ((m & ReasonCode.FREQUENCY_CAP.bit()) != 0) {
                next = Math.max(next, capLiftsAt(f, t, zone));
            }
            if ((m & ReasonCode.REFUSAL_COOLDOWN.bit()) != 0) {
                next = Math.max(next, f.lastRefusal().atZone(zone).plusDays(policies.refusalCooldownDays())
                        .toInstant().toEpochMilli());
            }
            if (next <= t.toEpochMilli()) {
                return null;
            }
            t = Instant.ofEpochMilli(next);
        }
        return null;
    }

    /** When enough counted attempts have left the window for one more call. */
    private long capLiftsAt(Facts f, Instant at, ZoneId zone) {
        long atMs = at.toEpochMilli();
        long start = windowStart(at, zone);
        long[] counted = new long[f.attemptCount()];
        int n = 0;
        for (int i = 0; i < counted.length; i++) {
            long t = f.attemptEpochMilli(i);
            if (t > start && t < atMs) {
                counted[n++] = t;
            }
        }
        Arrays.sort(counted, 0, n);
        long mustLeave = counted[n - policies.frequencyCap()];
        return Instant.ofEpochMilli(mustLeave).atZone(zone).plusDays(policies.frequencyWindowDays())
                .toInstant().toEpochMilli();
    }

    private static List<Reason> reasons(CallRequest r, int mask) {
        Reason[] out = new Reason[Integer.bitCount(mask & REASONS_MASK)];
        int k = 0;
        for (ReasonCode c : CODES) {
            if ((mask & c.bit()) == 0) {
                continue;
            }
            Reason reason = switch (c) {
                case SECTOR_BANNED -> SECTOR_REASONS[r.sector().ordinal()];
                case CONSENT_EXPIRED -> (mask & EXPIRED_BY_STATEMENT) != 0
                        ? EXPIRED_BY_STATEMENT_REASON : DEFAULT_REASONS[c.ordinal()];
                case OBJECTION -> r.b2b() ? B2B_OBJECTION_REASON : DEFAULT_REASONS[c.ordinal()];
                default -> DEFAULT_REASONS[c.ordinal()];
            };
            out[k++] = reason;
        }
        return List.of(out);
    }

    private CalleeLocation location(CallRequest r) {
        Territory territory = r.callee() instanceof FrenchNumber n ? n.territory() : null;
        String dep = r.departement();
        if (dep != null) {
            CalleeLocation cached = byDepartement.get(dep);
            if (cached != null) {
                return cached;
            }
            CalleeLocation computed = CalleeLocation.of(territory == null ? Territory.METROPOLE : territory, dep);
            // Bounded: only well-formed département codes are kept.
            if (dep.length() <= 3 && byDepartement.size() < 256) {
                byDepartement.putIfAbsent(dep, computed);
            }
            return computed;
        }
        return territory == null ? null : byTerritory[territory.ordinal()];
    }
}
