"""Pages written for the input-hygiene tests: our own sentences in the shapes real pages have.

Imported by name (pytest puts this folder on sys.path). The story comes from ingest_samples; the
comments, widgets and furniture around it are invented here, in the layouts the realnews corpora show
(CNN: each comment's body above its "DATE at TIME | Report abuse | Reply" footer; BBC and WordPress:
a timestamp or a "NAME says:" line above the body; Guardian blogs: "Posted by NAME on DATE." under it).
"""
from __future__ import annotations

from ingest_samples import HEADLINE, PARAGRAPHS

STORY = [HEADLINE, *PARAGRAPHS]
# A last story paragraph that reads neither as a comment nor as a report: it must survive the walk up
# from the first comment footer.
NEUTRAL_END = "The next round of talks is due to open in the same hotel on Monday."

# CNN shape: the first comment's body sits above the first footer, the next body follows the footer.
CNN_COMMENTS = [
    "I honestly think the envoy is wasting everyone's time with these meetings.",
    "Nobody has asked the families in the south what they want!",
    "March 3, 2011 at 9:14 pm | Report abuse | Reply You are right about the envoy, but at least the guns are quiet.",
    "My cousin lives near the port and she says it was calm last night.",
    "March 3, 2011 at 9:31 pm | Report abuse | Reply Why do we keep paying for hotels in Geneva?",
    "March 3, 2011 at 9:40 pm | Report abuse | Reply",
]
CNN_FORM = ["Notify me of follow-up comments via email."]
CNN_SIDEBAR = ["Go behind the scenes with our correspondents every weeknight at ten."]

# Header-first shape: a comments heading, then each comment's byline above its body, a form at the end.
HEADER_COMMENTS = [
    "3 comments",
    "Amira K. says:",
    "March 4, 2011 at 10:02 am",
    "I was born in that town and I have never seen it this quiet.",
    "Reply",
    "Tom B. says:",
    "March 4, 2011 at 11:47 am",
    "Do you really believe the truce will last a week?",
    "Reply",
    "Leave a Reply",
]

# BBC shape: bare timestamps opening each comment, a closed-thread notice under them.
BBC_COMMENTS = [
    "5th March 2011 - 18:20 I hope the negotiators remember the people who cannot leave the city.",
    "Aid has to come first, talks later.",
    "5th March 2011 - 17:55 We have heard promises like this many times before!",
    "5th March 2011 - 17:02 Why is nobody talking about the prisoners?",
    "Comments are closed.",
]

# A live page whose timestamped entries report: a thread's shape without a thread's register.
LIVE_ENTRIES = [
    "5th March 2011 - 18:20 The convoy reached the northern checkpoint, a United Nations spokesman said.",
    "5th March 2011 - 17:55 Officials said two lorries had been turned back at the bridge.",
    "5th March 2011 - 17:02 The delegations resumed their session after a short break, officials said.",
]

# Guardian-blog shape: "Posted by NAME on DATE." under each comment.
BLOG_COMMENTS = [
    "Surely the envoy knows that neither side has any reason to compromise yet?",
    "Posted by harbourwatcher on March 6, 2011 08:12 PM.",
    "I disagree completely, the ceasefire is the first good news in months.",
    "Posted by Lina on March 6, 2011 09:40 PM.",
]

SHARE_FOOTER = [
    "Share", "Facebook Twitter Email", "Views", "State", "Terms of Service", "Privacy Policy",
    "About us", "Contact", "Log in",
]
MENU = ["Home", "World", "Politics", "Contact us"]

TWEET_TEXT = "Crowds are gathering at the bridge again tonight pic.twitter.com/Ab3dE9xQ"
TWEET_ATTRIBUTION = "— Lina Farah (@linafarah_news) March 3, 2011"
SIDEBAR_TWEETS = [
    "Watch the briefing live tonight #Geneva #talks 8:52 pm ET March 3, 2011 RETWEET",
    "@harbourdesk New pictures from the coast road ly\\/Q7wZ2kLp 8:40 pm ET March 3, 2011 RETWEET",
    "See more of our tweets here.",
]
QUOTED_TWEET = ('The foreign minister wrote on Twitter that "#peace is possible, @UN must act now", '
                "hours before the delegations met, an aide said.")

# Wire copy wrapped at a fixed width, paragraphs separated by blank lines.
WIRE_HEADLINE = "Rebels take hill town after two days of fighting"
WIRE_PARAGRAPHS = [
    "NORTHTOWN, March 3 (Harbour Wire) - Rebel fighters took control of a hill town north of the provincial "
    "capital on Tuesday after two days of fighting with government troops, residents and a local official said.",
    "The army withdrew its armoured vehicles from the town's main square before dawn, according to two "
    "residents reached by telephone, who said shops had stayed shut and most families had fled south.",
    "A spokesman for the provincial governor said reinforcements were on their way and that the town would "
    "be retaken within days, but gave no figure for casualties on either side.",
]
