package com.dispatchbot.activities.guardrails;

import static com.dispatchbot.activities.guardrails.Rules.squashed;
import static com.dispatchbot.activities.guardrails.Rules.words;

import java.util.List;

/**
 * Finds threats of violence ({@code abuse:threat}), harassment aimed at the person or bot on the
 * other end ({@code abuse:harassment}, including sexual harassment) and slurs ({@code abuse:slur}),
 * after {@link TextNormalizer} has undone look-alike letters and leetspeak.
 *
 * <p>A frustrated customer is not an abusive one: swearing at things ("this damn heater", "the
 * fucking pipe burst again"), hyperbole about oneself ("it's killing me") and the trade's own words
 * ("kill the power to the water heater", "the pipe blew up", "there's a coon in the attic", "a
 * chink in the mortar") stay allowed. A threat needs a violent verb aimed at a person; harassment
 * needs an insult aimed at "you". Thread-safe.
 */
public final class AbuseDetector {

  private static final String FIRST_PERSON_WILL =
      "(?:i|we)(?:'?ll| will| shall|'?m going to| am going to|'?m gonna| am gonna| gonna|'?d|"
          + " would| want to| wanna| am about to|'?m about to| swear i'?ll| swear to god i'?ll)"
          + "(?: fucking| fuckin| fkn| really| personally| literally| just)?";
  private static final String VIOLENT_VERB =
      "(?:kill|murder|shoot|stab|strangle|choke|hurt|beat|punch|slap|rape|butcher|slaughter"
          + "|gut|bury|end|smash|break|torch|burn|slit|hang|lynch|knife|cut|bash|kick|hunt"
          + "|behead|decapitate|cripple|maim|assault|attack|poison|run over)";
  private static final String PERSON_TARGET =
      "(?:(?:you|u|ya|y'all|yall|you all|you guys|all of you|everyone|everybody|every one of you"
          + "|your (?:family|kids|children|wife|husband|mom|mother|dad|son|daughter|staff"
          + "|workers|employees|technicians?|techs?|plumbers?|boss|owner|receptionist|face|head"
          + "|skull|neck|legs|arms|knees|teeth|throat|dog|cat|ass|butt)|the (?:\\w+ )?(?:tech|technician"
          + "|plumber|electrician|driver|owner|staff|receptionist|dispatcher|worker|installer"
          + "|contractor|manager|boss)s?|your \\w+ (?:tech|technician|plumber|guy))(?!')"
          + "|(?:your|the|that) (?:\\w+ )?(?:tech|technician|plumber|electrician|guy|man|worker"
          + "|installer|driver|receptionist|owner|boss|manager)'?s (?:legs?|arms?|face|neck|head"
          + "|skull|knees?|teeth|jaw|nose|fingers|hands|throat|ribs|kneecaps))";
  private static final String PROPERTY_TARGET =
      "(?:(?:your|ur) (?:office|shop|building|store|place|business|house|home|van|vans|truck"
          + "|trucks|car|company|headquarters|hq|warehouse|garage|windows)|the (?:office|shop"
          + "|building|store|business|company|headquarters|hq|warehouse))";
  private static final String INSULT =
      "(?:idiot|moron|imbecile|retard|bitch|bitches|cunt|whore|slut|dumbass|jackass|asshole"
          + "|arsehole|dickhead|dick|prick|bastard|motherfucker|mother fucker|scumbag|twat"
          + "|wanker|shithead|fuckface|fucker|piece of shit|piece of crap|pos|sack of shit"
          + "|waste of space|waste of oxygen|subhuman|cocksucker|skank|hoe|douchebag|douche"
          + "|nitwit|halfwit|cretin|scum|lowlife|vermin|piece of (?:garbage|trash|junk)"
          + "(?: software| code| program| bot)?)";
  private static final String FUCK = "(?:fuck|fuk|fuq|fck|fk|phuck|phuk|f u c k|fcuk|fook|feck)";

  private static final Rules RULES =
      new Rules(
          List.of(
              // --- threats
              words(
                  "abuse:threat",
                  "\\b"
                      + FIRST_PERSON_WILL
                      + " (?:come (?:over |down )?(?:there |to your \\w+ )?(?:and |to )?)?"
                      + VIOLENT_VERB
                      + " "
                      + PERSON_TARGET
                      + "\\b(?! (?:a |an |the |some |my |over|back|down|an email|a text|a message"
                      + "|a pic|a photo|to it|to the punch|there|at (?:chess|cards|pool)|in a"
                      + " race|in on|off at|up later|know))"),
              words(
                  "abuse:threat",
                  "\\b(?:and|then|gonna|going to) (?:"
                      + VIOLENT_VERB
                      + "|beat the (?:shit|crap|hell|living daylights) out of) "
                      + PERSON_TARGET
                      + "\\b(?! (?:a |an |the |some |my |over|back|down|an email|a text|a message"
                      + "|to it|to the punch|there|in on|know))"),
              words(
                  "abuse:threat",
                  "\\b(?:your|the|that) (?:\\w+ )?(?:guy|guys|man|men|tech|techs|technicians?"
                      + "|plumbers?|electricians?|workers?|installers?|drivers?|receptionist"
                      + "|dispatcher|owner|boss|manager|crew|people)\\b.{0,80}?\\b"
                      + FIRST_PERSON_WILL
                      + " "
                      + VIOLENT_VERB
                      + " (?:him|her|them|that (?:guy|man|woman|lady|idiot|bastard))\\b"),
              words(
                  "abuse:threat",
                  "\\b(?:"
                      + FUCK
                      + "|mess|beat|shoot|cut|rough) (?:you|u|ya|him|them|the tech\\w*"
                      + "|your \\w+) (?:all )?up\\b"),
              words(
                  "abuse:threat",
                  "\\b(?:you(?:'re| are)|ur|you r|youre) (?:so |gonna be |going to be |a )?(?:dead"
                      + "|dead meat|a dead (?:man|woman)|going to die|gonna die|next)\\b(?! (?:wrong"
                      + "|right|on|serious|set|certain|sure|in line|on the list|available|up|week|time|to"
                      + "|one|for|after|stop|day|gorgeous))"),
              words(
                  "abuse:threat",
                  "\\b(?:i know where (?:you|u|your \\w+|the tech\\w*|they) (?:live|lives|work"
                      + "|works|sleep|sleeps|park|parks)|watch your back|watch your (?:kids"
                      + "|family)|(?:you|u)(?:'ll| will) regret (?:this|it|that|crossing me)"
                      + "|(?:you(?:'ll| will)|ur gonna|you're gonna) (?:pay|bleed|suffer) for"
                      + " (?:this|that) with|sleep with one eye open|you won'?t see it coming"
                      + "|count your days|your days are numbered|you(?:'re| are) (?:going|gonna)"
                      + " to (?:get hurt|pay with your life|wish you were dead))\\b"),
              words(
                  "abuse:threat",
                  "\\b(?:(?:i |we )?hope (?:you|u|ur family|your family|your kids|they)"
                      + " (?:die|dies|get cancer|burn|rot|get raped|get shot|choke)|(?:go )?(?:kill"
                      + "|hang|shoot|off) (?:your ?self|urself|yourselves)|\\bkys\\b|go die\\b|drop"
                      + " dead\\b(?! (?:gorgeous|beautiful|simple|easy|sexy))|die in a (?:fire|hole"
                      + "|ditch)|should be (?:shot|killed|hanged|hung|lynched))"),
              words(
                  "abuse:threat",
                  "\\b(?:"
                      + FIRST_PERSON_WILL
                      + " (?:\\w+ )?(?:bomb|shoot up|blow up|firebomb|fire ?bomb|torch|burn down"
                      + "|set fire to|set on fire|burn|smash up|smash|break|trash|vandali[sz]e) "
                      + PROPERTY_TARGET
                      + "|(?:bomb|shoot up|firebomb|burn down|set fire to) "
                      + PROPERTY_TARGET
                      + "|there(?:'s| is| will be) a bomb (?:in|at|under) "
                      + PROPERTY_TARGET
                      + "|(?:bring|bringing|get|getting|grab|grabbing) (?:my|a) (?:gun|rifle"
                      + "|shotgun|pistol|glock|ar-?15)\\b.{0,40}?\\b(?:you|your|the tech\\w*"
                      + "|come over|coming over|come down|coming down|over there|down there)"
                      + "|(?:i have|i've got|i got) (?:a|my) (?:gun|rifle|shotgun|pistol|knife"
                      + "|machete|glock) (?:and|for) (?:you|your|the tech\\w*|whoever))\\b"),
              words(
                  "abuse:threat",
                  "\\b(?:(?:waiting|wait|be ready|ready|standing|sitting|meet (?:him|her|them|you))"
                      + " (?:for (?:him|her|them|you|your \\w+) )?with (?:my|a|the|loaded) (?:loaded )?"
                      + "(?:gun|shotgun|rifle|pistol|glock|ar-?15|baseball bat|bat|knife|machete"
                      + "|crowbar|piece)|(?:gun|shotgun|rifle|pistol|glock|ar-?15)\\b.{0,40}?\\b(?:when"
                      + "|if|once) (?:your|the|that) (?:\\w+ )?(?:guy|tech|technician|plumber|man"
                      + "|worker|people|crew|driver) (?:shows? up|comes?|arrives?|gets? here|walks? in"
                      + "|knocks?)|(?:deserves?|deserve) to (?:die|be (?:shot|killed|stabbed|hanged"
                      + "|beaten|raped|hurt)|get (?:shot|killed|stabbed|beaten|hurt|raped|your"
                      + " throats? (?:slit|cut)|their throats? (?:slit|cut)))|(?:throats?|necks?)"
                      + " (?:slit|cut open|snapped|broken)|(?:won'?t|will not|wouldn'?t|not gonna"
                      + "|isn'?t gonna|ain'?t gonna) (?:leave|walk out|get out|go home|make it out"
                      + "|make it home) (?:of here )?(?:in one piece|alive|standing|on (?:his|her"
                      + "|their) (?:own )?feet|breathing))\\b"),
              words(
                  "abuse:threat",
                  "\\b(?:put|send|land) (?:you|u|him|her|them|your \\w+|the (?:\\w+ )?(?:tech|technician"
                      + "|plumber|guy|receptionist|owner))\\b (?:in|into|to) (?:the |a )?(?:hospital"
                      + "|morgue|grave|ground|er|icu|emergency room|wheelchair|coffin|body bag"
                      + "|intensive care)\\b"
                      + "|\\b(?:better|should|had better|needs to|ought to) watch (?:himself|herself"
                      + "|themselves|yourself|yourselves|your back|his back|her back|their back|out when"
                      + " (?:he|she|they|you) (?:leaves?|leave|gets? (?:off|home)))\\b"
                      + "|\\b(?:make sure|see to it|watch|i hope|wait (?:till|until)|gonna|going to|will)"
                      + "\\b.{0,20}?\\b(?:your|ur) (?:office|shop|building|store|business|house|home|van"
                      + "|truck|company|warehouse|garage)\\b.{0,10}?\\b(?:burns?|burned|goes up in flames"
                      + "|gets? (?:torched|burned|smashed|trashed|blown up)|blows? up)\\b"),
              words(
                  "abuse:threat",
                  "\\b(?:te (?:voy a |vamos a )?(?:matar|mato|matare|golpear|disparar|romper la"
                      + " cara)|voy a matarte|te voy a partir|je vais (?:te|vous) (?:tuer|buter"
                      + "|frapper|defoncer|egorger)|je (?:te|vous) tuerai|ich (?:werde|bringe)"
                      + " dich (?:umbringen|toten|um)|ich bring dich um|ich mach dich kalt)\\b"),

              // --- harassment aimed at the other end
              words(
                  "abuse:harassment",
                  "\\b"
                      + FUCK
                      + "(?:ing|in)? (?:you|u|ya|off|yourself|urself|your (?:mother|mom|mama"
                      + "|family|company|ass))\\b|\\bstfu\\b|\\bgfy\\b|\\bscrew you\\b|\\bsuck my"
                      + " (?:dick|cock|balls|ass|d)\\b|\\bshut (?:the "
                      + FUCK
                      + " up|your"
                      + " (?:fucking |stupid )?(?:mouth|face|trap)|up,? (?:you |u )?(?:stupid"
                      + " |dumb |fucking )*(?:bitch|idiot|whore|slut|cunt|moron|bot|machine))"
                      + "|\\bgo "
                      + FUCK
                      + " (?:yourself|urself|off)\\b|\\beat (?:shit|a dick|my"
                      + " ass)\\b|\\bkiss my ass\\b|\\bson of a bitch\\b(?= (?:you|u)\\b)"),
              words(
                  "abuse:harassment",
                  "\\b(?:you|u|ya|ur|you're|youre|you are|you r|you're such|you are such"
                      + "|you little|you stupid|you dumb|you fucking|you fat|you ugly|you worthless"
                      + "|you pathetic|you useless|you absolute|you complete|you total|you damn"
                      + "|you goddamn|you bloody)(?: (?:such|a|an|fucking|fkn|stupid|dumb"
                      + "|worthless|pathetic|useless|little|absolute|complete|total|sorry|damn"
                      + "|goddamn|bloody|fat|ugly|brainless|incompetent|lazy|filthy|dirty"
                      + "|disgusting|miserable|bunch of|piece of|pile of|robot|robotic|bot|ai"
                      + "|machine|computer|automated|mindless|clueless|idiotic|lying|thieving"
                      + "|greedy|crooked|cheap|sorry-ass|dumb-ass|stupid-ass|retarded|mother"
                      + "|freaking|frigging|effing|nothing but(?: an?)?|just(?: an?)?))* "
                      + INSULT
                      + "s?\\b(?!')"),
              words(
                  "abuse:harassment",
                  "\\b(?:you|you guys|you people|y'all|your (?:owners?|boss|staff|people|techs?"
                      + "|technicians|employees|workers|company|receptionist)) (?:are|is|'re) (?:all )?"
                      + "(?:scum|scumbags|filth|vermin|subhuman|pigs|animals|lowlifes|cockroaches"
                      + "|parasites|garbage people|trash people|whores|sluts|bitches|cunts|retards)\\b"
                      + "|\\b(?:girl|woman|lady|receptionist|chick|babe|operator|dispatcher)\\b.{0,40}?"
                      + "\\b(?:is|looks|sounds) (?:so |really |very )?(?:hot|sexy|fine|hot as|bangable"
                      + "|fuckable|doable)\\b"
                      + "|\\bshow (?:her|you|u|ya) a (?:good|great|fun) time\\b"),
              words(
                  "abuse:harassment",
                  "\\b(?:you|ya|u) (?:\\w+ )?(?:retarded|fucking|fuckin|fkn|motherfucking"
                      + "|mother fucking) (?:bot|machine|robot|ai|computer|program|thing|piece of \\w+"
                      + "|moron|idiot)\\b"
                      + "|\\b(?:hey|hi|hello|yo) (?:sexy|hottie|hot stuff|sweet cheeks|baby girl"
                      + "|sexy lady|sexy girl)\\b"
                      + "|\\b(?:pipes?|plumbing|drain|hose|tool|wood|package|kitty|faucet|pole"
                      + "|screw(?:ing)?|lay(?:ing)? pipe|snake|nuts|caulk|stud|box)\\b.{0,40}?\\bif"
                      + " (?:you|u) know what i mean\\b"),
              words(
                  "abuse:harassment",
                  "\\b(?:stupid|dumb|fucking|fat|ugly|worthless|filthy|dirty|useless) (?:bitch"
                      + "|cunt|whore|slut|retard|twat|skank|hoe)s?\\b|\\b(?:bitch|cunt|whore|slut"
                      + "|retard|twat|skank)(?: ass)? (?:bot|ai|machine|robot|receptionist"
                      + "|operator|lady|woman)\\b"),
              words(
                  "abuse:harassment",
                  "\\b(?:(?:send|show|give) (?:me )?(?:some )?(?:nudes|noods|naked (?:pics|photos"
                      + "|pictures)|your (?:tits|boobs|pussy|dick|cock|body|nudes|ass))|(?:suck"
                      + "|lick|touch|grab|ride) my (?:dick|cock|balls|ass|tits|pussy)|i (?:want|wanna"
                      + "|would|'d|'m going to|'m gonna) (?:to )?(?:fuck|bang|screw|rape|have sex"
                      + " with|sleep with|suck|lick|touch|grope|molest) (?:you|u|ya|her|your)"
                      + "|(?:your|ur) (?:tits|boobs|pussy|ass|body) (?:are|is|look|looks)|what are"
                      + " you wearing|are you (?:horny|naked|wet|single and|a virgin)|(?:sit|sit"
                      + " on) my (?:face|lap|dick|cock)|blow ?job|hand ?job|sexy (?:voice|girl"
                      + "|lady|bot)|talk dirty)\\b"),
              words(
                  "abuse:harassment",
                  "\\b(?:(?:eres|es) (?:un |una )?(?:idiota|estupid[oa]|imbecil|pendej[oa]|put[oa]"
                      + "|cabron|zorra|perra|mierda|gilipollas)|vete a la mierda|hijo de (?:puta"
                      + "|perra)|chinga tu madre|(?:t'es|tu es|vous etes|t es) (?:un |une |qu'un"
                      + " |qu'une )?(?:connard|connasse|salope|pute|idiot|abruti|encule|batard"
                      + "|con|conne)|va te faire foutre|ta gueule|nique ta mere|du (?:bist )?(?:ein"
                      + " |eine |so ein |so eine )?(?:idiot|arschloch|hurensohn|schlampe|wichser"
                      + "|fotze|vollidiot|depp|miststuck)|fick dich|halt die fresse|leck mich)\\b"),

              // --- slurs (words that are not also trade words: "coon", "chink", "dyke" stay out)
              words(
                  "abuse:slur",
                  "\\b(?:nigg(?:er|a|ah|az|uh)s?|n[i1]gg(?:er|a)s?|faggots?|fags?|kikes?|spics?"
                      + "|spicks|wetbacks?|beaners?|gooks?|ragheads?|towelheads?|pakis?|sand ?niggers?"
                      + "|camel ?jockeys?|zipperheads?|jungle ?bunn(?:y|ies)|porch ?monkeys?"
                      + "|trann(?:y|ies)|shemales?|retards?)\\b"),
              squashed(
                  "abuse:slur",
                  "(?:nigger|faggot|wetback|towelhead|raghead|sandnigger|porchmonkey|junglebunny)")),
          "abuse:encoded");

  /** The abuse findings in {@code text}, each once; empty when there is none. */
  public List<String> detect(String text) {
    return RULES.findings(text);
  }
}
