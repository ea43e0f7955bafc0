/*
 * seed_aids.c - the text of the starter job-aid library.
 */
#include "seed_aids.h"
#include "db_playbook.h"

const struct starter_aid starter_aids[] = {
	{ 1, AID_TEMPLATE, "First-conversation opener",
	    "Use this when a new contact agrees to talk. The goal of the first "
	    "conversation is not to pitch: it is to learn whether there is a "
	    "problem worth solving, and to agree on a next step.\n\n"
	    "1. Say why you asked for the call, in one sentence about them, not "
	    "about us.\n"
	    "2. Ask what prompted them to say yes.\n"
	    "3. Share one thing similar teams struggle with, and ask whether it "
	    "sounds familiar.\n"
	    "4. Agree on the next step before the call ends, with a date.\n\n"
	    "Log the deal right after the call, even if it feels early. Early "
	    "deals are where your manager can help most." },
	{ 1, AID_CHECKLIST, "Ideal-customer fit checklist",
	    "Check these before you spend more time on a new prospect. Two or "
	    "more misses mean the deal will probably stall later.\n\n"
	    "- Team size between 20 and 500 people\n"
	    "- They run a pipeline of more than 50 open opportunities\n"
	    "- Someone owns sales process or enablement\n"
	    "- They have changed a sales tool in the last three years\n"
	    "- Budget is set yearly and the next cycle is within six months" },
	{ 2, AID_QUESTION_GUIDE, "Discovery question guide",
	    "Work through these over one or two calls. Write the buyer's own "
	    "words in the deal's notes: they become the evidence for the "
	    "Discovery exit criteria.\n\n"
	    "- What happens today when a deal slips at the end of the quarter?\n"
	    "- How do you find out which deals are stuck, and when?\n"
	    "- What does a lost quarter cost you, in money and in people?\n"
	    "- Who else feels this problem? Who would have to agree to fix it?\n"
	    "- What have you tried already, and why did it not stick?\n"
	    "- If nothing changes, what happens in six months?" },
	{ 2, AID_WORKSHEET, "Cost-of-problem worksheet",
	    "Fill this in with the buyer, not for them. A cost they calculated "
	    "themselves is a cost they believe.\n\n"
	    "1. Deals that slipped last quarter: how many, and their value.\n"
	    "2. Of those, how many were lost for good?\n"
	    "3. Hours per week managers spend on late-stage rescue.\n"
	    "4. Reps who left in the last year, and the cost to hire and ramp "
	    "one.\n"
	    "5. Add it up for a year. Ask: is solving this worth a tenth of "
	    "that?" },
	{ 2, AID_TEMPLATE, "Stakeholder map",
	    "Draw the buying group early. Deals die when a decision maker "
	    "appears late.\n\n"
	    "- Economic buyer: who signs, and what do they care about?\n"
	    "- Champion: who wants this to happen, and what do they gain?\n"
	    "- Users: whose daily work changes?\n"
	    "- Blockers: who loses something, and what?\n"
	    "- Process: procurement, security and legal steps, and who runs "
	    "them" },
	{ 3, AID_TEMPLATE, "Mutual evaluation plan",
	    "Agree the evaluation with the buyer as a shared plan, with dates "
	    "and owners on both sides. Send it after the call and ask them to "
	    "correct it.\n\n"
	    "1. Success criteria: what must be true for them to say yes?\n"
	    "2. Evaluation steps, each with an owner and a date.\n"
	    "3. The decision meeting: date and who attends.\n"
	    "4. What happens after a yes: paperwork, start date, first "
	    "milestone." },
	{ 3, AID_CHECKLIST, "Decision-process checklist",
	    "- We have met the economic buyer, or have a date to\n"
	    "- We know how they decided the last purchase of this size\n"
	    "- The evaluation has an end date the buyer set\n"
	    "- Security and legal review are scheduled, not just mentioned\n"
	    "- We know which alternative they are comparing us with" },
	{ 3, AID_CASE_STUDY, "Case study: Harbor Freight Lines",
	    "A 120-person logistics sales team logged deals only at proposal "
	    "stage. Managers saw a thin, late pipeline and spent Fridays "
	    "rescuing deals.\n\n"
	    "After six months of logging deals at the first conversation and "
	    "coaching at discovery, early-stage deals per rep doubled, and the "
	    "share of deals that slipped in the last two weeks of a quarter fell "
	    "from 31% to 12%.\n\n"
	    "Use it when a buyer doubts that earlier visibility changes the "
	    "forecast." },
	{ 4, AID_CHECKLIST, "Proposal review checklist",
	    "Go through the proposal with the buyer, live, before they forward "
	    "it internally.\n\n"
	    "- It restates their problem and its cost in their words\n"
	    "- Every success criterion from the evaluation plan is answered\n"
	    "- Price, terms and start date are on one page\n"
	    "- The buyer knows who else must read it, and by when\n"
	    "- Budget and timing were confirmed on the call" },
	{ 4, AID_WORKSHEET, "Return-on-investment one-pager",
	    "Turn the cost-of-problem worksheet into a one-page summary the "
	    "champion can take to the economic buyer.\n\n"
	    "1. The yearly cost of the problem (from the worksheet).\n"
	    "2. The part we expect to remove, with the reason.\n"
	    "3. Our yearly price.\n"
	    "4. Payback in months." },
	{ 5, AID_CHECKLIST, "Paperwork path checklist",
	    "- Who signs, and are they available before the date?\n"
	    "- Order form or contract: whose paper?\n"
	    "- Purchase order needed? Who raises it?\n"
	    "- Supplier onboarding forms sent and returned\n"
	    "- Start date and kickoff booked" },
	{ 5, AID_TEMPLATE, "Close plan email",
	    "Send after the verbal yes, to the champion and the signer.\n\n"
	    "Thank you for the decision. To start on the date we agreed, here is "
	    "what remains, as we understand it:\n\n"
	    "1. Contract review by your legal team, by the date agreed.\n"
	    "2. Signature by the signer.\n"
	    "3. Purchase order from finance.\n"
	    "4. Kickoff call, booked for the first week.\n\n"
	    "Please correct anything we have wrong." },
};

const int starter_aid_count = (int)(sizeof(starter_aids) /
                                    sizeof(starter_aids[0]));
