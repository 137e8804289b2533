import Foundation

/// Which HTML (and DocBook, Mallard) elements end a paragraph, which hold no
/// visible text, and which class names mark navigation. One table for the
/// HTML extractor and for `Tools/build-corpus`, which reads the lines
/// between the triple quotes below: keep them a plain "kind: names" list.
enum HTMLTags {
    static let table = """
    block: p div li ul ol dl dt dd pre table tr blockquote section article br hr
    block: caption figcaption tbody thead body center h1 h2 h3 h4 h5 h6 title
    block: para simpara formalpara listitem row screen programlisting synopsis
    block: item note tip warning caution important example figure sect1 sect2 sect3 sect4
    block: chapter appendix refsect1 refsect2 term varlistentry page desc
    pre: pre screen programlisting synopsis
    skip: script style noscript nav header footer aside template svg button select
    skip: form indexterm info articleinfo bookinfo remark its:rules credit revhistory
    skip: address
    cell: td th entry
    void: br hr img meta link input area base col embed param source wbr
    boiler: nav navheader navfooter navigation breadcrumb breadcrumbs toc footer header
    boiler: sphinxsidebar sphinxsidebarwrapper related menu search searchbox toplang
    boiler: bottomlang docnav headerlink permalink footnav langselect donationframe
    boiler: searchframe debug skip nav_footer nav_header navbar copyright-notice banner
    boiler: path quickview
    """

    /// The names listed for a kind.
    static func names(_ kind: String) -> Set<String> {
        var names = Set<String>()
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == kind else { continue }
            names.formUnion(parts[1].split(separator: " ").map(String.init))
        }
        return names
    }

    static let block = names("block")
    static let pre = names("pre")
    static let skip = names("skip")
    static let cell = names("cell")
    static let void = names("void")
    static let boiler = names("boiler")
}
