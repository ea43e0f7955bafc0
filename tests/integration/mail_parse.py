#!/usr/bin/python3
"""Parse every .eml file in DIR with Python's email package and print
what the email tests check, as JSON: the headers, the MIME structure,
the text part and the links in it."""
import email
import email.policy
import json
import os
import re
import sys

out = []
d = sys.argv[1]
for name in sorted(f for f in os.listdir(d) if f.endswith('.eml')):
    with open(os.path.join(d, name), 'rb') as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    parts = [p.get_content_type() for p in msg.iter_parts()] if msg.is_multipart() else []
    text = msg.get_body(('plain',))
    html = msg.get_body(('html',))
    body = text.get_content() if text else ''
    out.append({
        'file': name,
        'envelope': msg.get('X-Envelope-To', ''),
        'type': msg.get_content_type(),
        'parts': parts,
        'defects': [str(x) for x in msg.defects],
        'headers': {k: str(msg.get(k, '')) for k in (
            'From', 'To', 'Subject', 'Date', 'Message-ID', 'Auto-Submitted',
            'List-Unsubscribe', 'List-Unsubscribe-Post', 'MIME-Version')},
        'to_addr': msg['To'].addresses[0].addr_spec if msg['To'] else '',
        'text': body,
        'html': html.get_content() if html else '',
        'links': re.findall(r'https?://\S+', body),
    })
print(json.dumps(out))
