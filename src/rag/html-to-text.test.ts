import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('should extract and decode the title', () => {
    expect(htmlToText('<html><head><title> My &amp; Page </title></head><body>x</body></html>')).toEqual({ title: 'My & Page', text: 'x' });
  });

  it('should report no title when it is missing or blank', () => {
    expect(htmlToText('<p>no title</p>')).toEqual({ title: undefined, text: 'no title' });
    expect(htmlToText('<title>  </title><p>x</p>').title).toBeUndefined();
  });

  it('should drop scripts, styles, comments and the head', () => {
    const html = '<head><meta name="x"><style>p { color: red }</style></head><body><script>alert("hi")</script><p>Visible</p><!-- secret --><noscript>js off</noscript></body>';
    expect(htmlToText(html).text).toBe('Visible');
  });

  it('should turn headings into Markdown hashes on their own lines', () => {
    expect(htmlToText('<h1>Title</h1><p>Intro</p><h3 class="x">Deep <em>part</em></h3>Text').text).toBe('# Title\n\nIntro\n\n### Deep part\n\nText');
  });

  it('should decode named and numeric entities', () => {
    expect(htmlToText('<p>A&nbsp;B &lt;tag&gt; &quot;q&quot; &#169; &#x41; &mdash; &AMP;</p>').text).toBe('A B <tag> "q" © A — &');
  });

  it('should leave unknown or invalid entities as they are and decode only once', () => {
    expect(htmlToText('<p>&bogus; &#0; &amp;lt;</p>').text).toBe('&bogus; &#0; &lt;');
  });

  it('should put list items, line breaks and table rows on their own lines', () => {
    expect(htmlToText('<ul><li>one</li><li>two</li></ul>').text).toBe('- one\n- two');
    expect(htmlToText('Line<br>break<br/>again').text).toBe('Line\nbreak\nagain');
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>').text).toBe('a b\n\nc d');
  });

  it('should collapse whitespace and blank lines', () => {
    expect(htmlToText('<p>a   \t b</p>\n\n\n\n<p>  c  </p>').text).toBe('a b\n\nc');
  });
});
