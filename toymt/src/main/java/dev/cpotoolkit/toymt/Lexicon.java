package dev.cpotoolkit.toymt;

import java.util.List;

/**
 * The word lists of the toy task: every source word with its target stem and,
 * for nouns, the target gender. Fixed in code (not sampled) so the vocabulary,
 * and therefore the tokenizer, never depends on the seed.
 */
final class Lexicon {

    /** A noun: English singular and plural, target stem (vowel-final) and its lexical gender. */
    record Noun(String singular, String plural, String stem, Gender gender) {}

    /** An adjective: English form and target stem (consonant-final; agreement endings follow). */
    record Adjective(String english, String stem) {}

    /** A transitive verb: English third-person singular and plural, target stem. */
    record Verb(String singular, String plural, String stem) {}

    /** A sentence adverb: English and target word (invariable). */
    record Adverb(String english, String target) {}

    private static final Gender M = Gender.MASCULINE;
    private static final Gender F = Gender.FEMININE;

    static final List<Noun> NOUNS = List.of(
            new Noun("cat", "cats", "miro", M), new Noun("dog", "dogs", "hanu", M),
            new Noun("bird", "birds", "pela", F), new Noun("horse", "horses", "kavo", M),
            new Noun("fish", "fishes", "susa", F), new Noun("mouse", "mice", "tika", F),
            new Noun("farmer", "farmers", "ralo", M), new Noun("teacher", "teachers", "nemi", F),
            new Noun("child", "children", "boru", M), new Noun("woman", "women", "dema", F),
            new Noun("man", "men", "hiro", M), new Noun("king", "kings", "vasu", M),
            new Noun("queen", "queens", "lira", F), new Noun("girl", "girls", "nina", F),
            new Noun("boy", "boys", "tomo", M), new Noun("doctor", "doctors", "medo", M),
            new Noun("baker", "bakers", "pane", F), new Noun("sailor", "sailors", "maro", M),
            new Noun("soldier", "soldiers", "gero", M), new Noun("student", "students", "sela", F),
            new Noun("apple", "apples", "poma", F), new Noun("letter", "letters", "kali", F),
            new Noun("book", "books", "libo", M), new Noun("song", "songs", "kanta", F),
            new Noun("house", "houses", "kasa", F), new Noun("river", "rivers", "ruvo", M),
            new Noun("boat", "boats", "bako", M), new Noun("tree", "trees", "arbo", M),
            new Noun("flower", "flowers", "fiola", F), new Noun("stone", "stones", "peto", M),
            new Noun("cake", "cakes", "tora", F), new Noun("door", "doors", "porta", F),
            new Noun("window", "windows", "fena", F), new Noun("garden", "gardens", "horto", M),
            new Noun("road", "roads", "vaja", F), new Noun("ship", "ships", "navo", M),
            new Noun("coin", "coins", "muna", F), new Noun("lamp", "lamps", "luma", F),
            new Noun("key", "keys", "klavo", M), new Noun("cup", "cups", "taso", M));

    static final List<Adjective> ADJECTIVES = List.of(
            new Adjective("big", "grand"), new Adjective("small", "pik"), new Adjective("red", "rub"),
            new Adjective("green", "verd"), new Adjective("old", "vek"), new Adjective("young", "jun"),
            new Adjective("happy", "felik"), new Adjective("sad", "trist"), new Adjective("fast", "rapid"),
            new Adjective("slow", "lent"), new Adjective("tall", "alt"), new Adjective("short", "kurt"),
            new Adjective("quiet", "kvet"), new Adjective("loud", "laut"), new Adjective("rich", "rik"),
            new Adjective("poor", "pov"), new Adjective("brave", "brav"), new Adjective("tired", "las"),
            new Adjective("clever", "sag"), new Adjective("kind", "bon"), new Adjective("strange", "stran"),
            new Adjective("dark", "mork"), new Adjective("bright", "hel"), new Adjective("heavy", "pez"));

    static final List<Verb> VERBS = List.of(
            new Verb("sees", "see", "vid"), new Verb("finds", "find", "trov"), new Verb("likes", "like", "am"),
            new Verb("takes", "take", "pren"), new Verb("helps", "help", "halp"),
            new Verb("follows", "follow", "sekv"), new Verb("carries", "carry", "port"),
            new Verb("paints", "paint", "pentr"), new Verb("calls", "call", "vok"),
            new Verb("visits", "visit", "vizit"), new Verb("watches", "watch", "spekt"),
            new Verb("hears", "hear", "aud"), new Verb("holds", "hold", "ten"), new Verb("pushes", "push", "pus"),
            new Verb("pulls", "pull", "tir"), new Verb("wants", "want", "vol"), new Verb("knows", "know", "kon"),
            new Verb("loves", "love", "kar"), new Verb("greets", "greet", "salut"), new Verb("buys", "buy", "acet"),
            new Verb("sells", "sell", "vend"), new Verb("brings", "bring", "alport"),
            new Verb("keeps", "keep", "konserv"), new Verb("builds", "build", "konstru"));

    static final List<Adverb> ADVERBS = List.of(
            new Adverb("often", "ofte"), new Adverb("today", "hodu"), new Adverb("quickly", "kvike"),
            new Adverb("slowly", "malfe"), new Adverb("again", "reve"), new Adverb("never", "nunke"),
            new Adverb("always", "semper"), new Adverb("gladly", "gaje"));

    private Lexicon() {}
}
